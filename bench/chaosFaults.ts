import type { FaultRuleInput } from '../sandbox/core/faults';

/**
 * bench:chaos's faults: on every vendor API path the worker calls, `rate` of the calls fail, mixed
 * as below. Half the hangs and drops happen after the vendor made the write (its answer is lost),
 * the case that double-writes when a retry is not idempotent. Salesforce answers a limit with 403
 * REQUEST_LIMIT_EXCEEDED, never 429, so its share of 429s is a 503 instead.
 */
export const FAULT_MIX = [
  { share: 0.15, rule: { kind: 'error', status: 503 } },
  { share: 0.15, rule: { kind: 'error', status: 500 } },
  { share: 0.25, rule: { kind: 'rate_limit', retryAfterSeconds: 1 } },
  { share: 0.1, rule: { kind: 'hang' } },
  { share: 0.1, rule: { kind: 'hang', afterHandler: true } },
  { share: 0.125, rule: { kind: 'drop' } },
  { share: 0.125, rule: { kind: 'drop', afterHandler: true } },
] as const satisfies ReadonlyArray<{ share: number; rule: FaultRuleInput }>;

/** The API paths of each vendor that the worker calls (identity and token endpoints excluded). */
export const VENDOR_API_PATHS = {
  xero: ['/api.xro/2.0/'],
  salesforce: ['/services/data/'],
  hubspot: ['/crm/'],
} as const;

export type ChaosVendor = keyof typeof VENDOR_API_PATHS;

/**
 * The rules for one vendor. The injector tries rules in order and the first that fires wins, so
 * each rule's own rate is its share of what the rules before it left: the total is exactly `rate`.
 */
export function chaosFaultRules(vendor: ChaosVendor, rate: number, hangMs: number): FaultRuleInput[] {
  const rules: FaultRuleInput[] = [];
  for (const pathPrefix of VENDOR_API_PATHS[vendor]) {
    let left = 1;
    for (const { share, rule } of FAULT_MIX) {
      const p = rate * share;
      const own: FaultRuleInput =
        vendor === 'salesforce' && rule.kind === 'rate_limit' ? { kind: 'error', status: 503 } : rule;
      rules.push({
        ...own,
        pathPrefix,
        rate: Math.min(1, p / left),
        ...(own.kind === 'hang' ? { latencyMs: hangMs } : {}),
      });
      left -= p;
    }
  }
  return rules;
}
