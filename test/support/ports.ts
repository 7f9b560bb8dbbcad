import { randomInt } from 'node:crypto';
import net from 'node:net';

/**
 * Below Linux's ephemeral range (32768–60999): a port the OS hands out for `listen(0)` is also one
 * it hands to outgoing connections, and in the moment between this check and the caller's own
 * listen, one of the run's many connections could take it (EADDRINUSE).
 */
const LOW = 20_000;
const HIGH = 32_000;

/** A port on 127.0.0.1 that is free right now, from outside the range outgoing connections use. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = randomInt(LOW, HIGH);
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${LOW} and ${HIGH}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
