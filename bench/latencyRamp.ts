import type { LoadResult, LoadStep } from './latencySandboxRpc';

/** The q-quantile of latencies, ms (null when there are none). */
export function quantile(latenciesMs: number[], q: number): number | null {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);
}

export interface RampOptions {
  /** Event rates to try, lowest first (events/s). */
  rates: number[];
  /** How long each rate is held. */
  seconds: number;
  /** The latency the p95 must stay under for a rate to count as sustained. */
  p95LimitMs: number;
  /** How long a step waits for its last events once nothing completes. */
  stallMs: number;
}

export interface RampStep {
  rate: number;
  events: number;
  p95Ms: number | null;
  lost: number;
  sustained: boolean;
}

/**
 * The highest rate sustained: each rate held for a while, the step's events waited for, and the
 * ramp stopped at the first step whose p95 is over the limit or that loses an event. An unfinished
 * event counts as slower than the limit, so a step gives up as soon as more than 5% of its events
 * are late (it can no longer pass) instead of draining a backlog that only grows.
 */
export async function capacityRamp(
  label: string,
  run: (step: LoadStep) => Promise<LoadResult>,
  options: RampOptions,
): Promise<{ capacity: number; steps: RampStep[] }> {
  const steps: RampStep[] = [];
  let capacity = 0;
  for (const rate of options.rates) {
    const r = await run({
      rate,
      seconds: options.seconds,
      stallMs: options.stallMs,
      giveUpAfterMs: options.p95LimitMs,
    });
    const withUnfinished = [...r.latenciesMs, ...Array<number>(r.lost).fill(Number.POSITIVE_INFINITY)];
    const p95 = quantile(withUnfinished, 0.95);
    const sustained = !r.gaveUp && r.lost === 0 && p95 !== null && p95 <= options.p95LimitMs;
    const step = { rate, events: r.events, p95Ms: p95 === Infinity ? null : p95, lost: r.lost, sustained };
    steps.push(step);
    console.log(
      `  ${label} ${String(rate).padStart(3)}/s: ${r.events} events, p95 ${
        step.p95Ms === null ? `> ${options.p95LimitMs}` : step.p95Ms
      } ms${r.gaveUp ? ' (gave up: over 5% late)' : ''}${r.lost > 0 ? `, ${r.lost} unfinished` : ''} → ${
        sustained ? 'sustained' : 'not sustained'
      }`,
    );
    if (!sustained) break;
    capacity = rate;
  }
  return { capacity, steps };
}
