import type { PaceLimit } from './gcra';
import type { PacePolicy } from './sharedPacer';

/**
 * The pace for each vendor account, by pace key `<vendor>:<account>`. Xero's limits are the same for
 * every tenant (60 a minute, 5,000 a day; config only for a sandbox that lifts them); HubSpot's
 * depend on the portal's subscription and Salesforce's on the org's licences.
 */
export interface VendorPaceConfig {
  xero: { perMinute: number; perDay: number };
  hubspot: { per10Seconds: number; perDay: number };
  salesforce: { perDay: number; concurrency: number };
  /** Zoho's API credits a day per org (most calls cost one; bulk writes one per ten records). */
  zoho?: { creditsPerDay: number };
}

/**
 * A day's budget: half of it may go at once (a backfill), the other half comes back evenly over the
 * day, so no rolling day holds more than the vendor allows. Spread evenly with a small burst, as
 * before, a backfill waited 864 ms per Salesforce call once 200 were spent, at 100,000 a day.
 */
function dailyLimit(perDay: number): PaceLimit {
  const burst = Math.max(1, Math.floor(perDay / 2));
  return { name: 'day', limit: Math.max(1, perDay - burst), periodMs: 86_400_000, burst };
}

export function pacePolicies(config: VendorPaceConfig): (paceKey: string) => PacePolicy {
  // A rolling window admits at most rate + burst: the rate leaves the burst's room, so no 10 s
  // window ever holds more than HubSpot allows.
  const hubspotBurst = Math.max(1, Math.floor(config.hubspot.per10Seconds / 10));
  const hubspot: PacePolicy = {
    limits: [
      {
        name: '10s',
        limit: Math.max(1, config.hubspot.per10Seconds - hubspotBurst),
        periodMs: 10_000,
        burst: hubspotBurst,
      },
      dailyLimit(config.hubspot.perDay),
    ],
  };
  const salesforce: PacePolicy = {
    limits: [dailyLimit(config.salesforce.perDay)],
    concurrency: config.salesforce.concurrency,
  };
  // Bursts of a twelfth of a minute and the rest evenly, so no rolling minute holds more than Xero's
  // limit (a burst of 10 on top of 60 a minute let 69 through); at most 5 in flight.
  const xeroBurst = Math.max(1, Math.floor(config.xero.perMinute / 12));
  const xero: PacePolicy = {
    limits: [
      {
        name: 'minute',
        limit: Math.max(1, config.xero.perMinute - xeroBurst),
        periodMs: 60_000,
        burst: xeroBurst,
      },
      dailyLimit(config.xero.perDay),
    ],
    concurrency: 5,
  };
  // Stripe allows 25 requests a second in test mode and 100 live, per account: 20 a second with a
  // burst of 5 keeps either mode under its limit (Ledgerbridge only reads customers there).
  const stripe: PacePolicy = { limits: [{ name: 'second', limit: 15, periodMs: 1_000, burst: 5 }] };
  // Zoho counts credits over a rolling day (a call is at least one) and calls in flight per org and
  // app (Enterprise 20, COQL and search 10): the day's calls stay within the credits, ten at once.
  const zoho: PacePolicy = { limits: [dailyLimit(config.zoho?.creditsPerDay ?? 50_000)], concurrency: 10 };
  return (paceKey) => {
    const vendor = paceKey.slice(0, paceKey.indexOf(':'));
    if (vendor === 'stripe') return stripe;
    if (vendor === 'xero') return xero;
    if (vendor === 'hubspot') return hubspot;
    if (vendor === 'salesforce') return salesforce;
    if (vendor === 'zoho') return zoho;
    throw new Error(`no pace policy for ${paceKey}`);
  };
}
