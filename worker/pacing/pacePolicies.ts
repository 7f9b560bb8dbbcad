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
      { name: 'day', limit: config.hubspot.perDay, periodMs: 86_400_000, burst: config.hubspot.per10Seconds },
    ],
  };
  const salesforce: PacePolicy = {
    limits: [{ name: 'day', limit: config.salesforce.perDay, periodMs: 86_400_000, burst: 200 }],
    concurrency: config.salesforce.concurrency,
  };
  // At Xero's own limits this is XERO_PACE: bursts of a sixth of a minute, at most 5 in flight.
  const xero: PacePolicy = {
    limits: [
      {
        name: 'minute',
        limit: config.xero.perMinute,
        periodMs: 60_000,
        burst: Math.max(1, Math.floor(config.xero.perMinute / 6)),
      },
      { name: 'day', limit: config.xero.perDay, periodMs: 86_400_000, burst: config.xero.perMinute },
    ],
    concurrency: 5,
  };
  return (paceKey) => {
    const vendor = paceKey.slice(0, paceKey.indexOf(':'));
    if (vendor === 'xero') return xero;
    if (vendor === 'hubspot') return hubspot;
    if (vendor === 'salesforce') return salesforce;
    throw new Error(`no pace policy for ${paceKey}`);
  };
}
