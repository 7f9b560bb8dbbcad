import type { Clock } from '../core/clock';
import { RateLimiter } from '../core/rateLimiter';
import { ZohoError } from './errors';

/**
 * Zoho CRM's API limits (https://www.zoho.com/crm/developer/docs/api/v8/api-limits.html): a
 * budget of credits per org over a rolling 24 hours (most calls 1 credit; writes 1 per 10
 * records; COQL 1, 2 or 3 by LIMIT up to 200 / 1,000 / 2,000), and a cap on calls in flight per
 * org and app by edition (Enterprise 20), with a lower sub-concurrency (10) for heavy calls such
 * as COQL and search. A spent budget answers 429 LIMIT_EXCEEDED; too many calls at once 429
 * TOO_MANY_REQUESTS. `perMinute` is a sandbox knob, not a published Zoho limit: it lets tests
 * meet a throttle with a Retry-After without racing calls. `scale` shrinks every window.
 */
export interface ZohoLimitPolicy {
  creditsPerDay: number;
  concurrency: number;
  subConcurrency: number;
  perMinute?: number;
  scale?: number;
}

export const DEFAULT_ZOHO_LIMITS: ZohoLimitPolicy = {
  creditsPerDay: 50_000,
  concurrency: 20,
  subConcurrency: 10,
};

const DAY_MS = 24 * 3600_000;

export interface CreditUsage {
  limit: number;
  used: number;
  remaining: number;
}

/** Credits a call costs, by Zoho's table. */
export function creditCost(call: {
  kind: 'read' | 'write' | 'coql';
  records?: number;
  limit?: number;
}): number {
  if (call.kind === 'write') return Math.max(1, Math.ceil((call.records ?? 1) / 10));
  if (call.kind === 'coql') {
    const limit = call.limit ?? 200;
    return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
  }
  return 1;
}

export class ZohoLimits {
  private readonly ledgers = new Map<string, Array<{ at: number; credits: number }>>();
  private readonly policies = new Map<string, ZohoLimitPolicy>();
  private readonly inFlight = new Map<string, number>();
  private readonly minute = new Map<string, RateLimiter>();

  constructor(
    private readonly clock: Clock,
    private readonly defaults: ZohoLimitPolicy = DEFAULT_ZOHO_LIMITS,
  ) {}

  setPolicy(orgId: string, policy: Partial<ZohoLimitPolicy>): void {
    this.policies.set(orgId, { ...this.policyOf(orgId), ...policy });
    this.minute.delete(orgId);
  }

  policyOf(orgId: string): ZohoLimitPolicy {
    return this.policies.get(orgId) ?? this.defaults;
  }

  usage(orgId: string): CreditUsage {
    const limit = this.policyOf(orgId).creditsPerDay;
    const used = this.ledger(orgId).reduce((sum, e) => sum + e.credits, 0);
    return { limit, used, remaining: Math.max(0, limit - used) };
  }

  /** Admits a call or throws Zoho's 429; the caller releases its concurrency slot when done. */
  admit(orgId: string, clientId: string, credits: number, heavy: boolean): () => void {
    const policy = this.policyOf(orgId);
    if (this.usage(orgId).used + credits > policy.creditsPerDay)
      throw new ZohoError(429, 'LIMIT_EXCEEDED', 'API credit limit for the 24-hour window exceeded', {});
    const keys = [`${orgId}:${clientId}`, ...(heavy ? [`${orgId}:${clientId}:heavy`] : [])];
    const caps = [policy.concurrency, policy.subConcurrency];
    if (keys.some((key, i) => (this.inFlight.get(key) ?? 0) >= (caps[i] ?? Infinity))) throw tooMany(1);
    if (policy.perMinute !== undefined) {
      const admission = this.minuteLimiter(orgId, policy).tryAcquire(clientId);
      if (!admission.ok) throw tooMany(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)));
      admission.release();
    }
    this.ledger(orgId).push({ at: this.clock.now(), credits });
    for (const key of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const key of keys) this.inFlight.set(key, (this.inFlight.get(key) ?? 1) - 1);
    };
  }

  reset(): void {
    this.ledgers.clear();
    this.inFlight.clear();
    this.minute.clear();
  }

  private ledger(orgId: string): Array<{ at: number; credits: number }> {
    const cutoff = this.clock.now() - DAY_MS * (this.policyOf(orgId).scale ?? 1);
    const kept = (this.ledgers.get(orgId) ?? []).filter((e) => e.at > cutoff);
    this.ledgers.set(orgId, kept);
    return kept;
  }

  private minuteLimiter(orgId: string, policy: ZohoLimitPolicy): RateLimiter {
    let limiter = this.minute.get(orgId);
    if (!limiter) {
      limiter = new RateLimiter(
        {
          windows: [{ name: 'minute', limit: policy.perMinute ?? Infinity, windowMs: 60_000 }],
          scale: policy.scale ?? 1,
        },
        this.clock,
      );
      this.minute.set(orgId, limiter);
    }
    return limiter;
  }
}

function tooMany(retryAfterSeconds: number): ZohoError {
  return new ZohoError(
    429,
    'TOO_MANY_REQUESTS',
    'too many requests in flight or in the last minute for this org and app',
    {},
    { 'retry-after': String(retryAfterSeconds) },
  );
}
