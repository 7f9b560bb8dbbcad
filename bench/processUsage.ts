import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and peak memory per process, for benches that compare what each part of a stack costs.
 * Linux only: another process's figures come from /proc (clock ticks), this process's from
 * process.cpuUsage(), which counts every thread of it (the worker's, libuv's, Temporal core's).
 */

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);

interface ProcStat {
  ppid: number;
  /** utime + stime + cutime + cstime, in ms: the process's own CPU and that of its reaped children. */
  cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // Gone since it was listed.
  }
  // The command name, in parentheses, may hold spaces and parentheses: fields start after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state, ppid, … utime (14th field of the line), stime, cutime, cstime.
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return { ppid: Number(fields[1]), cpuMs: ticks * TICK_MS };
}

/**
 * CPU ms used so far by the process `root` and every live descendant, each with its reaped children
 * (a PostgreSQL backend that exited is in the postmaster's cutime/cstime). A child that exits
 * between two readings moves from its own line to its parent's reaped total: counted either way.
 */
export function treeCpuMs(root: number): number {
  const stats = new Map<number, ProcStat>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(Number(name));
    if (stat) stats.set(Number(name), stat);
  }
  const children = new Map<number, number[]>();
  for (const [pid, stat] of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  let total = 0;
  const todo = stats.has(root) ? [root] : [];
  while (todo.length > 0) {
    const pid = todo.pop() as number;
    total += stats.get(pid)?.cpuMs ?? 0;
    todo.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** CPU ms (user + system) this process has used, all its threads together. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A process's peak resident memory (VmHWM) in MB, undefined once it is gone. */
export function peakRssMb(pid: number): number | undefined {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** The CPU each measured party used between `start` and `stop`, in ms. */
export type CpuSpan = Record<string, number>;

/**
 * Measures CPU over a span for named parties: 'self' is this process; the others are process trees
 * by root pid (a party whose pid is undefined is left out).
 */
export function cpuMeter(roots: Record<string, number | undefined>): { stop(): CpuSpan } {
  const read = (): CpuSpan => {
    const now: CpuSpan = { self: ownCpuMs() };
    for (const [name, pid] of Object.entries(roots)) if (pid !== undefined) now[name] = treeCpuMs(pid);
    return now;
  };
  const before = read();
  return {
    stop: () => {
      const after = read();
      return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));
    },
  };
}
