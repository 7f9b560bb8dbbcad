/**
 * How long the drain waits after each step: paced under the per-minute write quota after a send,
 * Retry-After when a 429 names it, otherwise exponential backoff with jitter up to a cap (Google's
 * advice for 429: min(2^n seconds + random, 64 seconds)). Pure, so tests pin every branch.
 */
export interface DrainTiming {
  /** Between appends: 60 s / writes allowed a minute, with a margin (default 1,200 ms = 50 a minute). */
  minIntervalMs: number;
  /** First backoff after a 429 or an unknown outcome (default 2 s), doubled each time. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** With nothing to send: look again after this long, or when woken (default 15 s). */
  idlePollMs: number;
  /** A refused call (sheet unshared, key revoked): try again after this long (default 15 minutes). */
  refusedWaitMs: number;
}

export const DEFAULT_DRAIN_TIMING: DrainTiming = {
  minIntervalMs: 1_200,
  backoffBaseMs: 2_000,
  backoffMaxMs: 64_000,
  idlePollMs: 15_000,
  refusedWaitMs: 15 * 60_000,
};

export type StepKind = 'disabled' | 'idle' | 'sent' | 'throttled' | 'refused' | 'unknown';

export function waitAfter(
  step: { kind: StepKind; more?: boolean; retryAfterMs?: number | null },
  failuresInARow: number,
  timing: DrainTiming,
  random: number,
): number {
  switch (step.kind) {
    case 'sent':
      return timing.minIntervalMs;
    case 'throttled':
      if (step.retryAfterMs !== undefined && step.retryAfterMs !== null)
        return Math.max(step.retryAfterMs, timing.minIntervalMs);
      return backoff(failuresInARow, timing, random);
    case 'unknown':
      return backoff(failuresInARow, timing, random);
    case 'refused':
      return timing.refusedWaitMs;
    case 'idle':
    case 'disabled':
      return timing.idlePollMs;
  }
}

function backoff(failuresInARow: number, timing: DrainTiming, random: number): number {
  const exp = timing.backoffBaseMs * 2 ** Math.max(0, Math.min(failuresInARow - 1, 16));
  return Math.min(timing.backoffMaxMs, exp + Math.floor(random * timing.backoffBaseMs));
}
