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

/** The command line that runs `command args…` under the supervisor; spawn it with stdin a pipe. */
export function watchedByParent(command: string, args: string[]): { command: string; args: string[] } {
  return { command: process.execPath, args: ['-e', SUPERVISOR, '--', command, ...args] };
}
