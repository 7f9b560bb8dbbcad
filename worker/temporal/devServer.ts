import { constants } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { TASK_QUEUE_FAIRNESS_CONFIG } from './fairness';
import { spawnWatched } from './parentWatchdog';
import { stopStaleServer } from './staleDevServer';

/**
 * Launches the real Temporal CLI dev server (`temporal server start-dev`) and stops it again.
 * The server runs in its own process group so a terminal Ctrl-C reaches the worker first: the worker
 * drains, then we stop the server ourselves. It runs under a watchdog that stops it when this
 * process dies in any way (kill -9, OOM), and a pid file lets the next start find and stop a server
 * left behind all the same (its watchdog killed too).
 */
export interface DevServerOptions {
  cliPath: string;
  ip?: string;
  port: number;
  uiPort: number;
  /** SQLite history file; omitted means in-memory (tests). */
  dbFile?: string;
  namespace?: string;
  /** Custom search attributes to register at start, name -> type (Keyword, Text, Int, ...). */
  searchAttributes?: Record<string, string>;
  headless?: boolean;
  /** The codec server the Web UI calls to show decrypted payloads (the worker's /codec). */
  uiCodecEndpoint?: string;
  /** Where the server's own stdout/stderr go; defaults to `<dbFile dir>/temporal-dev.log` or ignored. */
  logFile?: string;
  startTimeoutMs?: number;
  /**
   * Dynamic config values (`--dynamic-config-value`), over TASK_QUEUE_FAIRNESS_CONFIG, which every
   * dev server gets so installations' fairness keys count here as they do in production.
   */
  dynamicConfig?: Record<string, string | number | boolean>;
}

export interface DevServer {
  address: string;
  uiUrl: string | undefined;
  /**
   * The server's watchdog, leader of the process group both run in (undefined when the SDK runs its
   * downloaded copy).
   */
  pid: number | undefined;
  stop(): Promise<void>;
}

export class DevServerError extends Error {
  override name = 'DevServerError';
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const address = `${ip}:${options.port}`;
  const pidFile = options.dbFile ? `${options.dbFile}.pid` : undefined;
  if (pidFile && options.dbFile) await stopStaleServer(pidFile, options.dbFile);
  if (await isPortOpen(ip, options.port)) {
    throw new DevServerError(
      `port ${options.port} on ${ip} is already in use. If a Temporal server is running there, set ` +
        `TEMPORAL_ADDRESS=${address} to use it; otherwise choose another TEMPORAL_DEV_PORT.`,
    );
  }

  const args = ['server', 'start-dev', '--ip', ip, '--port', String(options.port), '--log-level', 'warn'];
  args.push('--namespace', options.namespace ?? 'default');
  if (options.headless) args.push('--headless');
  else args.push('--ui-ip', ip, '--ui-port', String(options.uiPort));
  if (!options.headless && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  if (options.dbFile) {
    await mkdir(path.dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  for (const [name, type] of Object.entries(options.searchAttributes ?? {})) {
    args.push('--search-attribute', `${name}=${type}`);
  }
  args.push(...dynamicConfigArgs(options.dynamicConfig));

  const logFile =
    options.logFile ??
    (options.dbFile ? path.join(path.dirname(options.dbFile), 'temporal-dev.log') : undefined);
  await checkRunnable(options.cliPath);
  const stdio = logFile ? await openLog(logFile) : 'ignore';
  const watched = spawnWatched(options.cliPath, args, stdio);
  const { child, exited } = watched;
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err) => reject(new DevServerError(`cannot run ${options.cliPath}: ${err.message}`))),
  );
  if (child.pid === undefined) await spawnError;
  const pid = child.pid as number;
  if (pidFile) await writeFile(pidFile, String(pid));

  const stop = async (): Promise<void> => {
    await watched.stop(10_000);
    if (pidFile) await rm(pidFile, { force: true });
  };
  try {
    await Promise.race([
      waitUntilServing(address, options.startTimeoutMs ?? 60_000),
      spawnError,
      exited.then((code) => {
        throw new DevServerError(
          `temporal dev server exited with code ${code} during start-up${logFile ? `; see ${logFile}` : ''}`,
        );
      }),
    ]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, uiUrl: options.headless ? undefined : `http://${ip}:${options.uiPort}`, pid, stop };
}

/** `--dynamic-config-value key=value` pairs, the fairness settings first; values are read as JSON. */
export function dynamicConfigArgs(overrides: DevServerOptions['dynamicConfig'] = {}): string[] {
  return Object.entries({ ...TASK_QUEUE_FAIRNESS_CONFIG, ...overrides }).flatMap(([key, value]) => [
    '--dynamic-config-value',
    `${key}=${JSON.stringify(value)}`,
  ]);
}

async function openLog(file: string): Promise<number> {
  await mkdir(path.dirname(file), { recursive: true });
  const { openSync } = await import('node:fs');
  return openSync(file, 'a');
}

/**
 * Waits until the frontend answers a real gRPC call, not merely until the port opens. Polls the port
 * first: a gRPC connection attempted before the server listens cannot be closed and keeps retrying.
 */
async function waitUntilServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (await isPortOpen(host, port)) {
      try {
        const connection = await Connection.connect({ address, connectTimeout: 2_000 });
        try {
          await connection.withDeadline(Date.now() + 2_000, () =>
            connection.workflowService.getSystemInfo({}),
          );
          return;
        } finally {
          await connection.close();
        }
      } catch (err) {
        lastError = err;
      }
    }
    await sleep(200);
  }
  throw new DevServerError(
    `temporal dev server at ${address} did not become ready in ${timeoutMs} ms: ${String(lastError ?? 'port closed')}`,
  );
}

/** Fails early, with the path in the message, when the CLI is a path that cannot be run. */
async function checkRunnable(cliPath: string): Promise<void> {
  if (!cliPath.includes(path.sep)) return; // A bare name is looked up on PATH by the watchdog.
  await access(cliPath, constants.X_OK).catch((err: NodeJS.ErrnoException) => {
    throw new DevServerError(`cannot run ${cliPath}: ${err.code ?? err.message}`);
  });
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

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Fallback where no CLI could be found or built (no Go): the Temporal SDK downloads its own copy of
 * the same dev server. Needs internet; never used where the CLI exists.
 */
export async function startDownloadedDevServer(
  options: Omit<DevServerOptions, 'cliPath'>,
): Promise<DevServer> {
  const ip = options.ip ?? '127.0.0.1';
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip,
      port: options.port,
      ...(options.headless ? {} : { ui: true, uiPort: options.uiPort }),
      ...(options.dbFile ? { dbFilename: options.dbFile } : {}),
      ...(options.namespace ? { namespace: options.namespace } : {}),
      extraArgs: dynamicConfigArgs(options.dynamicConfig),
    },
  });
  return {
    address: env.address,
    uiUrl: options.headless ? undefined : `http://${ip}:${options.uiPort}`,
    pid: undefined,
    stop: () => env.teardown(),
  };
}
