/**
 * Pacing by the generic cell rate algorithm: each call reserves the next slot of a limit instead of
 * firing and hitting a 429. `tat` (theoretical arrival time) is the one number kept per key and
 * limit, which is why it can live in a shared store for many worker processes.
 *
 * A limit of `limit` calls per `periodMs` spaces calls `periodMs / limit` apart on average and
 * allows a burst of `burst` calls at once (burst 1 = perfectly even spacing).
 *
 * The pacer books slots with the store function of migration 0018, which runs this same algorithm
 * next to the data; these functions are its model, and a test holds the two to the same answers.
 */
export interface PaceLimit {
  name: string;
  limit: number;
  periodMs: number;
  burst: number;
}

export interface Reservation {
  /** When the call may go (epoch ms); <= now means at once. */
  at: number;
  /** The new theoretical arrival time to store. */
  tat: number;
}

export function reserve(limit: PaceLimit, tat: number | undefined, now: number): Reservation {
  const interval = limit.periodMs / limit.limit;
  const burstWindow = interval * Math.max(1, limit.burst);
  const base = Math.max(tat ?? now, now);
  // The earliest moment this call fits: the burst window may run ahead of now by at most burstWindow.
  const at = Math.max(now, base + interval - burstWindow);
  return { at: Math.ceil(at), tat: base + interval };
}

/** Reserves across several limits at once: the call goes when every one of them allows it. */
export function reserveAll(
  limits: readonly PaceLimit[],
  tats: Readonly<Record<string, number | undefined>>,
  now: number,
): { at: number; tats: Record<string, number> } {
  // First find the latest start any limit imposes, then book every limit at that moment, so a
  // slot waited for in one limit is not wasted in another.
  const at = Math.max(now, ...limits.map((l) => reserve(l, tats[l.name], now).at));
  const booked: Record<string, number> = {};
  for (const limit of limits) booked[limit.name] = reserve(limit, tats[limit.name], at).tat;
  return { at, tats: booked };
}
