import net from 'node:net';

/** What came back on one connection: the status of each response, or nothing. */
export interface RawAnswer {
  statuses: number[];
  /** Everything the server wrote, as text. */
  text: string;
  /** The server neither answered nor closed the socket within the wait. */
  timedOut: boolean;
}

/**
 * Writes bytes to the server as they are, with no client library in between, so malformed request
 * lines, bad escapes, odd Host headers and lying Content-Lengths really reach it. By default the
 * socket is half-closed after writing (a body shorter than announced then counts as cut short), and
 * what the server answers is read until it closes the connection.
 */
export function sendRaw(
  baseUrl: string,
  request: string | Buffer,
  options: { halfClose?: boolean; waitMs?: number } = {},
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (timedOut: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/^HTTP\/1\.[01] (\d{3})/gm)].map((m) => Number(m[1]));
      resolve({ statuses, text, timedOut });
    };
    const timer = setTimeout(() => finish(true), options.waitMs ?? 5_000);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => finish(false));
    // A reset after the server answered (it refused the rest of a body) still ends the exchange.
    socket.on('error', () => finish(false));
    socket.write(request, () => {
      if (options.halfClose ?? true) socket.end();
    });
  });
}

/** A request as bytes: request line, headers (Host first unless given), blank line, body. */
export function rawRequest(
  method: string,
  target: string,
  headers: Array<[string, string]> = [],
  body: string | Buffer = '',
): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`];
  if (!headers.some(([name]) => name.toLowerCase() === 'host')) lines.push('Host: 127.0.0.1');
  for (const [name, value] of headers) lines.push(`${name}: ${value}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), Buffer.from(body)]);
}
