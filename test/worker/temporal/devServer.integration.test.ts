import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startDevServer } from '../../../worker/temporal/devServer';
import { freePort } from '../../support/ports';
import { testEnv } from '../../support/testEnv';

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Nothing the worker starts outlives it: the embedded Temporal dev server goes down when the
 * process that started it is killed outright, and one left behind anyway is stopped by the next
 * start on the same history file.
 */
describe('embedded Temporal dev server when its worker dies', () => {
  const launched: ChildProcess[] = [];
  const launchedPids: number[] = [];
  afterAll(() => {
    for (const child of launched) child.kill('SIGKILL');
    for (const pid of launchedPids) killIfAlive(pid);
  });

  /** A process that starts the dev server as the worker does (tsx runs it in a child: its pid is printed). */
  async function launch(): Promise<{
    workerPid: number;
    port: number;
    dbFile: string;
    watchdogPid: number;
  }> {
    const port = await freePort();
    const dbFile = path.join(mkdtempSync(path.join(tmpdir(), 'lb-devserver-')), 'temporal.sqlite');
    const child = spawn(
      path.join(ROOT, 'node_modules', '.bin', 'tsx'),
      [path.join(__dirname, 'devServerLauncher.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          DS_CLI: testEnv('temporalCli'),
          DS_PORT: String(port),
          DS_DB_FILE: dbFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    launched.push(child);
    const workerPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      let err = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const ready = /ready (\d+)/.exec(out);
        if (ready?.[1]) resolve(Number(ready[1]));
      });
      child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.once('exit', (code) => reject(new Error(`launcher exited with ${code}: ${err}`)));
    });
    expect(await isListening(port)).toBe(true);
    launchedPids.push(workerPid);
    return { workerPid, port, dbFile, watchdogPid: Number(readFileSync(`${dbFile}.pid`, 'utf8')) };
  }

  it('goes down with a worker killed with SIGKILL', async () => {
    const { workerPid, port } = await launch();
    process.kill(workerPid, 'SIGKILL');
    await expect(until(async () => !(await isListening(port)))).resolves.toBe(true);
  });

  it('left behind (its watchdog killed too), is stopped by the next start on the same history file', async () => {
    const { workerPid, port, dbFile, watchdogPid } = await launch();
    process.kill(watchdogPid, 'SIGKILL');
    process.kill(workerPid, 'SIGKILL');
    expect(await isListening(port)).toBe(true);

    const next = await startDevServer({
      cliPath: testEnv('temporalCli'),
      port,
      uiPort: port + 1,
      headless: true,
      dbFile,
    });
    try {
      expect(Number(readFileSync(`${dbFile}.pid`, 'utf8'))).toBe(next.pid);
      expect(next.pid).not.toBe(watchdogPid);
    } finally {
      await next.stop();
    }
    await expect(until(async () => !(await isListening(port)))).resolves.toBe(true);
  });
});

function killIfAlive(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls until the check holds; false after the deadline (a generous one: this is not a speed test). */
async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}
