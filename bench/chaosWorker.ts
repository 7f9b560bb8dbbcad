import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import path from 'node:path';

/**
 * The worker under test, as operators run it: `worker/main.ts` in a process of its own, configured
 * by its environment only. It can be SIGKILLed (no drain, no clean-up: as the OOM killer or a lost
 * host would) and started again on the same store, Temporal server and data folder. Its log lines
 * go to one file across restarts.
 */
export interface ChaosWorker {
  readonly ingressUrl: string;
  /** Starts the process and resolves once its /healthz answers 200. */
  start(): Promise<void>;
  /** SIGKILL, then resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM (drain) when running, SIGKILL if it takes longer than the grace period. */
  stop(graceMs?: number): Promise<void>;
  /** How many times the process was started. */
  readonly starts: number;
}

const MAIN = path.resolve(__dirname, '../worker/main.ts');

export function chaosWorker(options: {
  env: Record<string, string>;
  ingressPort: number;
  logFile: string;
  readyTimeoutMs?: number;
}): ChaosWorker {
  const ingressUrl = `http://127.0.0.1:${options.ingressPort}`;
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let starts = 0;
  // A bench that dies must not leave its worker running.
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);

  const gone = async (signal: NodeJS.Signals, graceMs: number) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child?.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return {
    ingressUrl,
    get starts() {
      return starts;
    },
    async start() {
      const log = openSync(options.logFile, 'a');
      const started = spawn(process.execPath, ['--import', 'tsx', MAIN], {
        // Only what the run sets: a Ledgerbridge variable from the caller's shell would change the run.
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
          ...options.env,
        },
        stdio: ['ignore', log, log],
      });
      closeSync(log);
      child = started;
      starts++;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
      for (;;) {
        if (started.exitCode !== null)
          throw new Error(`the worker exited with ${started.exitCode} at start-up: see ${options.logFile}`);
        const healthy = await fetch(`${ingressUrl}/healthz`, { signal: AbortSignal.timeout(2_000) }).then(
          (res) => res.status === 200,
          () => false,
        );
        if (healthy) return;
        if (Date.now() > deadline)
          throw new Error(`the worker was not healthy within the time allowed: see ${options.logFile}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    kill: () => gone('SIGKILL', 0),
    stop: (graceMs = 30_000) => gone('SIGTERM', graceMs),
  };
}
