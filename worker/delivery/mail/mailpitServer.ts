import { constants, openSync } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { spawnWatched } from '../../temporal/parentWatchdog';

/**
 * Mailpit for the sandbox: catches every e-mail the demo sends over SMTP and shows it in its web UI
 * and REST API. Bound to one host (127.0.0.1 by default), any SMTP login accepted over plain text
 * (the demo's mail account has one), messages kept in a temporary database Mailpit deletes on exit.
 * Like the Temporal dev server it runs under a watchdog in its own process group, so it stops with
 * this process however that ends.
 */
export interface MailpitOptions {
  /** The Mailpit binary (config `vendors.sandbox.mailpit.binaryPath`, set by scripts/setup.mjs). */
  binaryPath: string | undefined;
  host?: string;
  /** 0: a free port. */
  smtpPort: number;
  /** 0: a free port. */
  uiPort: number;
  /** Mailpit's own output; ignored when absent. */
  logFile?: string;
  startTimeoutMs?: number;
}

export interface MailpitServer {
  smtpHost: string;
  smtpPort: number;
  /** The web UI (its page, and the REST API under apiUrl). */
  uiUrl: string;
  /**
   * Whether the web UI's compiled script is served. scripts/setup.mjs builds it (scripts/mailpitBuild.mjs)
   * and a release binary has it; a plain `go install` build does not (server/ui/dist is made with npm
   * in Mailpit's release process, not part of the Go module), and its page stays blank. The REST API
   * works either way.
   */
  webUi: boolean;
  /** The REST API's base, e.g. `${apiUrl}/messages`. */
  apiUrl: string;
  stop(): Promise<void>;
}

export class MailpitError extends Error {
  override name = 'MailpitError';
}

export async function startMailpit(options: MailpitOptions): Promise<MailpitServer> {
  const binary = options.binaryPath;
  if (!binary)
    throw new MailpitError(
      'Mailpit not found: run through npm start (scripts/setup.mjs builds it with Go) or set MAILPIT_PATH.',
    );
  await access(binary, constants.X_OK).catch((err: NodeJS.ErrnoException) => {
    throw new MailpitError(`cannot run Mailpit at ${binary}: ${err.code ?? err.message}`);
  });
  const host = options.host ?? '127.0.0.1';
  const smtpPort = options.smtpPort || (await freePort(host));
  const uiPort = options.uiPort || (await freePort(host));
  for (const [port, variable] of [
    [smtpPort, 'SANDBOX_MAILPIT_SMTP_PORT'],
    [uiPort, 'SANDBOX_MAILPIT_UI_PORT'],
  ] as const) {
    if (await isPortOpen(host, port))
      throw new MailpitError(`port ${port} on ${host} is already in use: choose another ${variable}.`);
  }

  const args = [
    ...['--smtp', `${host}:${smtpPort}`, '--listen', `${host}:${uiPort}`],
    ...['--smtp-auth-accept-any', '--smtp-auth-allow-insecure', '--disable-version-check', '--quiet'],
    // Every message kept (Mailpit drops all but the newest 500 by default): a sent message the worker
    // asks about after a crash must still be there, or it would be sent again.
    ...['--max', '0'],
  ];
  let stdio: number | 'ignore' = 'ignore';
  if (options.logFile) {
    await mkdir(path.dirname(options.logFile), { recursive: true });
    stdio = openSync(options.logFile, 'a');
  }
  const watched = spawnWatched(binary, args, stdio);
  const { exited } = watched;
  const stop = () => watched.stop(5_000);

  const uiUrl = `http://${host}:${uiPort}`;
  try {
    await Promise.race([
      waitUntilReady(uiUrl, host, smtpPort, options.startTimeoutMs ?? 30_000),
      exited.then((code) => {
        const where = options.logFile ? `; see ${options.logFile}` : '';
        throw new MailpitError(`Mailpit exited with code ${code} during start-up${where}`);
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  const webUi = await servesWebUiScript(uiUrl);
  return { smtpHost: host, smtpPort, uiUrl, apiUrl: `${uiUrl}/api/v1`, webUi, stop };
}

/** The UI page loads dist/app.js; a build without the UI answers 404 for it. */
async function servesWebUiScript(uiUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${uiUrl}/dist/app.js`, { signal: AbortSignal.timeout(5_000) });
    const size = res.ok ? (await res.arrayBuffer()).byteLength : 0;
    return size > 0 && (res.headers.get('content-type') ?? '').includes('javascript');
  } catch {
    return false;
  }
}

/** Ready once /readyz answers 200 and the SMTP port accepts connections. */
async function waitUntilReady(
  uiUrl: string,
  host: string,
  smtpPort: number,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'not answering';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${uiUrl}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok && (await isPortOpen(host, smtpPort))) return;
      last = res.ok ? 'SMTP port closed' : `readyz answered ${res.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new MailpitError(`Mailpit at ${uiUrl} was not ready in ${timeoutMs} ms: ${last}`);
}

function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
