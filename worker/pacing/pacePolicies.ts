import { XERO_PACE } from '../connectors/xero/xeroApi';
import type { PacePolicy } from './sharedPacer';

/**
 * The pace for each vendor account, by pace key `<vendor>:<account>`. Xero's limits are fixed per
 * tenant; HubSpot's depend on the portal's subscription and Salesforce's on the org's licences, so
 * those come from config.
 */
export interface VendorPaceConfig {
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
  return (paceKey) => {
    const vendor = paceKey.slice(0, paceKey.indexOf(':'));
    if (vendor === 'xero') return XERO_PACE;
    if (vendor === 'hubspot') return hubspot;
    if (vendor === 'salesforce') return salesforce;
    throw new Error(`no pace policy for ${paceKey}`);
  };
}
