import { reserveAll } from '../worker/pacing/gcra';
import type { PacePolicy } from '../worker/pacing/sharedPacer';
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

/** When one vendor lets the next call go: `earliest` from a moment, `take` books a call then. */
export interface CallGate {
  earliest(t: number): number;
  take(t: number): void;
}

export interface PacingFloor {
  /** The least wall time (ms) the gates allow for every call served, in the order the load needs. */
  floorMs: number;
  /** Each vendor's calls alone. */
  byVendorMs: Record<BackfillVendor, number>;
}

/**
 * The time rate limits force for the calls a backfill made, every call taking no time of its own:
 * by default the vendors' (vendorGates). The vendors do not simply run side by side: a CRM write
 * needs the Xero page it writes, so each CRM call starts no earlier than the Xero read answered last
 * before it (a backfill step reads its pages, then writes them). Salesforce and HubSpot need nothing
 * of each other. The earliest start of every call, taken in the order served, is the floor: every
 * constraint is "no earlier than an earlier call", so starting each call as early as allowed never
 * delays a later one.
 */
export function pacingFloor(
  served: Record<BackfillVendor, ServedCall[]>,
  gates: (vendor: BackfillVendor) => CallGate = vendorGates(),
): PacingFloor {
  const vendors = Object.keys(served) as BackfillVendor[];
  const calls = vendors
    .flatMap((vendor) => served[vendor].map((call) => ({ vendor, at: call.at })))
    .sort((a, b) => a.at - b.at);
  const gateOf = Object.fromEntries(vendors.map((v) => [v, gates(v)])) as Record<BackfillVendor, CallGate>;
  const last: Record<BackfillVendor, number> = { xero: 0, salesforce: 0, hubspot: 0 };
  let floorMs = 0;
  for (const { vendor } of calls) {
    const t = gateOf[vendor].earliest(Math.max(last[vendor], vendor === 'xero' ? 0 : last.xero));
    gateOf[vendor].take(t);
    last[vendor] = t;
    floorMs = Math.max(floorMs, t);
  }
  const alone = (vendor: BackfillVendor) => {
    const gate = gates(vendor);
    let t = 0;
    for (let i = 0; i < served[vendor].length; i++) gate.take((t = gate.earliest(t)));
    return t;
  };
  return {
    floorMs,
    byVendorMs: { xero: alone('xero'), salesforce: alone('salesforce'), hubspot: alone('hubspot') },
  };
}

/**
 * The vendors' limits, each window taken as its rate with the first window's burst free: `limit`
 * calls at once, then `limit` per `windowMs` (a vendor's calls alone: `(n - limit) / limit`
 * windows). A rolling window forces at least that much (in whole windows: 191 HubSpot calls need
 * 10 s where this says 0.05 s); the smooth figure keeps the ratio from jumping a window at a size's
 * edge.
 */
export function vendorGates(
  windows: Record<BackfillVendor, RateWindow[]> = VENDOR_WINDOWS,
): (vendor: BackfillVendor) => CallGate {
  return (vendor) => {
    const buckets = windows[vendor].map((w) => new RateBucket(w));
    return {
      earliest: (t) => Math.max(t, ...buckets.map((b) => b.earliest(t))),
      take: (t) => buckets.forEach((b) => b.take(t)),
    };
  };
}

/** The worker's own pacing (the GCRA of worker/pacing/gcra.ts under its pace policies), from t = 0. */
export function pacerGates(policyFor: (paceKey: string) => PacePolicy): (vendor: BackfillVendor) => CallGate {
  return (vendor) => {
    const { limits } = policyFor(`${vendor}:bench`);
    let tats: Record<string, number | undefined> = {};
    return {
      earliest: (t) => reserveAll(limits, tats, t).at,
      take: (t) => void (tats = reserveAll(limits, tats, t).tats),
    };
  };
}

/** A token bucket holding `limit` calls, refilled at `limit` per `windowMs`, full at the start. */
class RateBucket {
  private tokens: number;
  private at = 0;

  constructor(private readonly window: RateWindow) {
    this.tokens = window.limit;
  }

  private level(t: number): number {
    return Math.min(
      this.window.limit,
      this.tokens + ((t - this.at) * this.window.limit) / this.window.windowMs,
    );
  }

  /** The earliest time from `t` at which a call fits. */
  earliest(t: number): number {
    const level = this.level(t);
    return level >= 1 ? t : t + ((1 - level) * this.window.windowMs) / this.window.limit;
  }

  take(t: number): void {
    this.tokens = this.level(t) - 1;
    this.at = t;
  }
}
