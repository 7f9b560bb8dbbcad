import type { LoadResult } from './latencySandboxRpc';
import { quantile } from './latencyRamp';
import type { CpuSpan } from './processUsage';

/** One fixed-rate phase as measured: the load's outcome and the CPU each party used meanwhile. */
export interface FixedPhase {
  label: string;
  rate: number;
  result: LoadResult;
  cpu: CpuSpan;
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;
const perEvent = (phase: FixedPhase, ms: number) => round(ms / Math.max(1, phase.result.events));

/** Prints a fixed-rate phase: latencies, losses, and CPU per event for each measured party. */
export function printFixedPhase(phase: FixedPhase, names: Record<string, string>): void {
  const r = phase.result;
  const q = (x: number) => quantile(r.latenciesMs, x);
  console.log(
    `${phase.label}: ${r.events} payments at ${phase.rate}/s in ${r.sendingS.toFixed(1)} s, ${r.webhookBatches} ` +
      `signed webhook batches, ${r.syncs} record syncs (a burst on one record collapses into one)`,
  );
  console.log(
    `  webhook-to-CRM latency: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms; lost ${r.lost}, ` +
      `duplicate CRM records ${r.duplicates}`,
  );
  const parts = Object.entries(names)
    .filter(([key]) => phase.cpu[key] !== undefined)
    .map(([key, name]) => `${name} ${perEvent(phase, phase.cpu[key] as number)}`);
  console.log(`  CPU ms per event: ${parts.join(', ')}`);
}

/** CPU ms per event of the named parties together (undefined when one was not measured). */
export function cpuPerEvent(phase: FixedPhase, keys: string[]): number | undefined {
  if (keys.some((k) => phase.cpu[k] === undefined)) return undefined;
  return perEvent(
    phase,
    keys.reduce((sum, k) => sum + (phase.cpu[k] as number), 0),
  );
}

/**
 * The vendor calls one sync made on each path, by kind, side by side, so a reader can check the
 * bare path does the same work.
 */
export function printCallsPerSync(stack: LoadResult, bare: LoadResult): void {
  const kinds = [...new Set([...Object.keys(stack.calls), ...Object.keys(bare.calls)])].sort();
  const per = (r: LoadResult, kind: string) => ((r.calls[kind] ?? 0) / Math.max(1, r.syncs)).toFixed(2);
  const total = (r: LoadResult) =>
    (Object.values(r.calls).reduce((n, c) => n + c, 0) / Math.max(1, r.syncs)).toFixed(2);
  console.log('vendor calls per sync (fixed-rate phases):  stack   bare');
  for (const kind of kinds)
    console.log(`  ${kind.padEnd(56)} ${per(stack, kind).padStart(5)}  ${per(bare, kind).padStart(5)}`);
  console.log(`  ${'all'.padEnd(56)} ${total(stack).padStart(5)}  ${total(bare).padStart(5)}`);
}

/** "met" or "not met", for an aim that holds when `holds` is true. */
export const verdict = (holds: boolean | undefined): string =>
  holds === undefined ? 'not measured' : holds ? 'met' : 'NOT met';
