import { spawn, type ChildProcess } from 'node:child_process';
import { killGroup } from './staleDevServer';
/**
 * Runs a command under a tiny supervisor (plain JavaScript, on this same node binary) that stops the
 * command once its own stdin reaches end of file. The parent holds the only write end of that pipe,
 * and the kernel closes it however the parent ends (exit, crash, kill -9, the OOM killer), so the
 * command never outlives its parent. Signals sent to the supervisor's process group reach the
 * command directly; the supervisor exits with the command's status.
 */
const STOP_GRACE_MS = 10_000;

const SUPERVISOR = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), ${STOP_GRACE_MS}).unref();
};
process.stdin.on('end', stop).on('error', stop).resume();
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
child.on('error', (err) => {
  process.stderr.write('cannot run ' + command + ': ' + err.message + '\\n');
  process.exit(127);
});
child.on('exit', (code, signal) => process.exit(code === null ? (signal ? 1 : 0) : code));
`;

/** A supervised child in its own process group: when it exits, and how to stop it (group-wide). */
export interface WatchedChild {
  child: ChildProcess;
  exited: Promise<number | null>;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once the child has exited. */
  stop(graceMs: number): Promise<void>;
}

/**
 * Spawns `command args…` under the supervisor, detached in its own process group, output to `stdio`
 * (a log file's descriptor, or ignored). This process's loaders (tsx, jest) stay out of the
 * supervisor, which is plain JavaScript.
 */
export function spawnWatched(command: string, args: string[], stdio: number | 'ignore'): WatchedChild {
  const watched = watchedByParent(command, args);
  const { NODE_OPTIONS: _loaders, ...env } = process.env;
  const child = spawn(watched.command, watched.args, { detached: true, stdio: ['pipe', stdio, stdio], env });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs: number): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      killGroup(child.pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    child.stdin?.destroy();
  };
  return { child, exited, stop };
}

/** The command line that runs `command args…` under the supervisor; spawn it with stdin a pipe. */
export function watchedByParent(command: string, args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', SUPERVISOR, '--', command, ...args] };
}
