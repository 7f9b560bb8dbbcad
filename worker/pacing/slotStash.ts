import type { PaceLimit } from './gcra';

/**
 * Slots one process booked ahead for its own next callers on one key, and that key's recent local
 * demand, which decides whether to book ahead at all.
 *
 * Why a pre-booked slot may only be used up to `graceFor(limits)` after its time, at most one
 * interval of the key's tightest limit: GCRA spaces slot times so that a window of length T holds
 * fewer than burst + T / interval of them. A call that goes L ms after its slot can only join a
 * window the slots of [start − L, end) fall in, so it holds fewer than burst + (T + L) / interval
 * calls, which for L ≤ interval is at most burst + T / interval: the "rate + burst" every pace
 * policy is sized to (pacePolicies.ts). Later than that, the slot lapses unused.
 *
 * What booking ahead can waste: a booking asks for extra slots only when the stash is empty, and
 * never more than MAX_PREBOOK, so when demand stops at most MAX_PREBOOK slots per key and process
 * lapse unused, each gone from the budget of one interval.
 */
export class SlotStash {
  /** Booked slot times (epoch ms), earliest first. */
  private slots: number[] = [];
  /** When this process's latest calls on the key asked for a slot (at most DEMAND_SAMPLES). */
  private readonly recent: number[] = [];

  constructor(private readonly graceMs: number) {}

  noteCall(now: number): void {
    this.recent.push(now);
    if (this.recent.length > DEMAND_SAMPLES) this.recent.shift();
  }

  /** The earliest slot still usable now, taken; lapsed ones are dropped on the way. */
  take(now: number): number | undefined {
    while (this.slots.length > 0) {
      const at = this.slots.shift() as number;
      if (now <= at + this.graceMs) return at;
    }
    return undefined;
  }

  add(slots: readonly number[]): void {
    this.slots.push(...slots);
  }

  /** After a Retry-After: slots booked before it must not go. */
  drop(): void {
    this.slots = [];
  }

  get size(): number {
    return this.slots.length;
  }

  /**
   * How many slots to book beyond the callers waiting: the calls this key's recent rate expects
   * within the grace (so they are likely used before they lapse), none under MIN_DEMAND calls in
   * DEMAND_WINDOW_MS (a quiet key books one slot per call, as without a stash).
   */
  extraWanted(now: number): number {
    const calls = this.recent.filter((t) => now - t <= DEMAND_WINDOW_MS).length;
    if (calls < MIN_DEMAND) return 0;
    const expected = Math.floor((calls * this.graceMs) / DEMAND_WINDOW_MS);
    return Math.max(0, Math.min(MAX_PREBOOK, expected) - this.slots.length);
  }
}

/** How late a pre-booked slot may be used: one interval of the tightest limit, at most PREBOOK_GRACE_MS. */
export function graceFor(limits: readonly PaceLimit[]): number {
  return Math.min(PREBOOK_GRACE_MS, ...limits.map((l) => l.periodMs / l.limit));
}

export const MAX_PREBOOK = 4;
const PREBOOK_GRACE_MS = 250;
const DEMAND_WINDOW_MS = 500;
const DEMAND_SAMPLES = 16;
const MIN_DEMAND = 3;
