import type { Clock } from './clock';

/**
 * Vendor rate limits as sliding windows plus an optional concurrency cap, kept per key (a Xero
 * tenant, a HubSpot app+portal, a Salesforce org). `scale` shrinks the windows so tests can hit a
 * "per minute" limit in a second: limit counts stay the vendor's, time runs faster.
 */
export interface RateWindow {
  /** Name used in headers and errors, e.g. 'minute' or 'day'. */
  name: string;
  limit: number;
  windowMs: number;
}

export interface RateLimitPolicy {
  windows: RateWindow[];
  concurrency?: number;
  /** Multiplies every windowMs (default 1). */
  scale?: number;
}

export type Admission =
  | { ok: true; remaining: Record<string, number>; release(): void }
  | {
      ok: false;
      reason: 'window' | 'concurrency';
      window: string;
      retryAfterMs: number;
      remaining: Record<string, number>;
    };

interface KeyState {
  hits: Map<string, number[]>;
  inFlight: number;
}

export class RateLimiter {
  private readonly state = new Map<string, KeyState>();

  constructor(
    private readonly policy: RateLimitPolicy,
    private readonly clock: Clock,
  ) {}

  windowMs(window: RateWindow): number {
    return Math.max(1, Math.round(window.windowMs * (this.policy.scale ?? 1)));
  }

  /** Counts one call for `key` if every window and the concurrency cap allow it. */
  tryAcquire(key: string): Admission {
    const now = this.clock.now();
    const state = this.stateOf(key);
    const remaining: Record<string, number> = {};
    let blocked: { window: string; retryAfterMs: number } | undefined;
    for (const window of this.policy.windows) {
      const span = this.windowMs(window);
      const hits = state.hits.get(window.name) ?? [];
      dropExpired(hits, now - span);
      state.hits.set(window.name, hits);
      remaining[window.name] = Math.max(0, window.limit - hits.length);
      if (hits.length >= window.limit && !blocked) {
        blocked = { window: window.name, retryAfterMs: (hits[0] ?? now) + span - now };
      }
    }
    if (blocked) return { ok: false, reason: 'window', ...blocked, remaining };
    if (this.policy.concurrency !== undefined && state.inFlight >= this.policy.concurrency) {
      return { ok: false, reason: 'concurrency', window: 'concurrent', retryAfterMs: 1_000, remaining };
    }
    for (const window of this.policy.windows) {
      state.hits.get(window.name)?.push(now);
      remaining[window.name] = (remaining[window.name] ?? 1) - 1;
    }
    state.inFlight++;
    let released = false;
    return {
      ok: true,
      remaining,
      release: () => {
        if (!released) state.inFlight--;
        released = true;
      },
    };
  }

  /** Remaining calls per window without counting one. */
  peek(key: string): Record<string, number> {
    const now = this.clock.now();
    const state = this.stateOf(key);
    return Object.fromEntries(
      this.policy.windows.map((w) => [
        w.name,
        Math.max(
          0,
          w.limit - (state.hits.get(w.name) ?? []).filter((t) => t > now - this.windowMs(w)).length,
        ),
      ]),
    );
  }

  reset(): void {
    this.state.clear();
  }

  private stateOf(key: string): KeyState {
    let state = this.state.get(key);
    if (!state) {
      state = { hits: new Map(), inFlight: 0 };
      this.state.set(key, state);
    }
    return state;
  }
}

/**
 * Drops the hits at or before `cutoff` from the front. Hits are appended in time order, so the
 * expired ones are a prefix: a binary search finds its end without visiting the rest (a lifted
 * daily quota can hold hundreds of thousands of hits).
 */
function dropExpired(hits: number[], cutoff: number): void {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((hits[mid] as number) <= cutoff) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0) hits.splice(0, lo);
}
