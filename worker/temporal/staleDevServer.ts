import { readdir, readFile, rm } from 'node:fs/promises';

/**
 * A previous run whose watchdog was killed too leaves its server holding the port and the SQLite
 * file. The pid file names the watchdog, whose process group the server shares: the group is stopped
 * if a member still is a dev server on this very history file (a pid reused by something else is
 * left alone).
 */
export async function stopStaleServer(pidFile: string, dbFile: string): Promise<void> {
  const group = Number(await readFile(pidFile, 'utf8').catch(() => ''));
  if (Number.isInteger(group) && group > 0) {
    const isOurs = async () =>
      (await processGroupCommandLines(group)).some(
        (cmd) => cmd.includes('start-dev') && cmd.includes(dbFile),
      );
    if (await isOurs()) {
      killGroup(group, 'SIGTERM');
      for (let i = 0; i < 40 && (await isOurs()); i++) await sleep(250);
      if (await isOurs()) {
        killGroup(group, 'SIGKILL');
        for (let i = 0; i < 20 && (await isOurs()); i++) await sleep(250);
      }
    }
  }
  await rm(pidFile, { force: true });
}

/** The command lines of a process group's live members (Linux /proc; elsewhere none are found). */
async function processGroupCommandLines(group: number): Promise<string[]> {
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name));
  const lines = await Promise.all(
    pids.map(async (pid) => {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ')'.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== group) return undefined;
      return (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).replaceAll('\0', ' ');
    }),
  );
  return lines.filter((line): line is string => Boolean(line));
}

export function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
