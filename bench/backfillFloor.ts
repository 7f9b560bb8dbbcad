import type { BackfillVendor, ServedCall } from './backfillVendorsRpc';

/** A vendor's rolling window: at most `limit` calls in any `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/**
 * The vendors' own limits for the accounts the bench loads into, as their emulators enforce them
 * (sandbox/xero/apiGate.ts, sandbox/hubspot/rateLimits.ts, sandbox/salesforce): Xero 60 a minute and
 * 5,000 a day per organisation; HubSpot 190 per 10 s and 650,000 a day for a static token;
 * Salesforce only its org's 100,000 a day (concurrency caps force no time on their own).
 */
export const VENDOR_WINDOWS: Record<BackfillVendor, RateWindow[]> = {
  xero: [
    { limit: 60, windowMs: 60_000 },
    { limit: 5_000, windowMs: 86_400_000 },
  ],
  hubspot: [
    { limit: 190, windowMs: 10_000 },
    { limit: 650_000, windowMs: 86_400_000 },
  ],
  salesforce: [{ limit: 100_000, windowMs: 86_400_000 }],
};

export interface PacingFloor {
  /** The least wall time (ms) the limits allow for every call served, in the order the load needs. */
  floorMs: number;
  /** Each vendor's calls alone: the first window's burst at once, then a window per `limit` more. */
  byVendorMs: Record<BackfillVendor, number>;
}

/**
 * The time the vendors' rate limits force for the calls a backfill made, with every call taking no
 * time of its own. Each vendor's calls alone need `floor((n - 1) / limit)` windows (the first
 * window's burst is free). They do not simply run side by side: a CRM write needs the Xero page it
 * writes, so each CRM call starts no earlier than the Xero read answered last before it (that is
 * the page it carries: the backfill reads its pages, then writes them). Salesforce and HubSpot
 * need nothing of each other (the backfill writes them one after the other, but nothing forces
 * that). The earliest start of every call under these constraints, taken in the order served, is
 * the floor: all the constraints are "no earlier than an earlier call plus a constant".
 */
export function pacingFloor(
  served: Record<BackfillVendor, ServedCall[]>,
  windows: Record<BackfillVendor, RateWindow[]> = VENDOR_WINDOWS,
): PacingFloor {
  const calls = (Object.keys(served) as BackfillVendor[])
    .flatMap((vendor) => served[vendor].map((call) => ({ vendor, at: call.at })))
    .sort((a, b) => a.at - b.at);
  const starts: Record<BackfillVendor, number[]> = { xero: [], salesforce: [], hubspot: [] };
  let lastXeroRead = 0;
  let floorMs = 0;
  for (const { vendor } of calls) {
    const own = starts[vendor];
    let t = Math.max(own.at(-1) ?? 0, vendor === 'xero' ? 0 : lastXeroRead);
    for (const { limit, windowMs } of windows[vendor])
      if (own.length >= limit) t = Math.max(t, (own[own.length - limit] ?? 0) + windowMs);
    own.push(t);
    if (vendor === 'xero') lastXeroRead = t;
    floorMs = Math.max(floorMs, t);
  }
  const alone = (vendor: BackfillVendor) => {
    const n = served[vendor].length;
    return Math.max(0, ...windows[vendor].map((w) => Math.floor(Math.max(0, n - 1) / w.limit) * w.windowMs));
  };
  return {
    floorMs,
    byVendorMs: { xero: alone('xero'), salesforce: alone('salesforce'), hubspot: alone('hubspot') },
  };
}
