import type { Clock } from '../core/clock';
import { RateLimiter } from '../core/rateLimiter';
import { SandboxHttpError, type SandboxContext } from '../core/server';
import { errorBody, type CorrelationIds } from './errors';
import type { AccessGrant } from './oauth';

/**
 * HubSpot's API limits, per account (portal):
 * - apps installed through OAuth: 110 calls per 10 seconds per app, no daily limit (and no daily
 *   headers);
 * - static tokens (apps installed in one account / private apps): 190 per 10 seconds and a daily
 *   limit (650,000 on Professional; 1,000,000 on Enterprise), reported in `-Daily` headers;
 * - the CRM search endpoints: 5 calls per second per account, answered without rate-limit headers.
 * Calls report `X-HubSpot-RateLimit-Max`, `-Remaining`, `-Interval-Milliseconds` (and `-Daily`,
 * `-Daily-Remaining` for static tokens); a refused call is a 429 with `policyName`
 * TEN_SECONDLY_ROLLING, DAILY or SECONDLY, which is what @hubspot/api-client's retry looks at.
 * https://developers.hubspot.com/docs/developer-tooling/platform/usage-guidelines
 */
export interface HubSpotRateLimits {
  oauthPerTenSeconds?: number;
  staticPerTenSeconds?: number;
  staticPerDay?: number;
  searchPerSecond?: number;
  /** Multiplies the windows: 0.01 makes the 10-second window 100 ms for tests. */
  scale?: number;
}

const TEN_SECONDS = 10_000;
const DAY = 86_400_000;

export class RateGate {
  private readonly oauth: RateLimiter;
  private readonly statics: RateLimiter;
  private readonly search: RateLimiter;
  private readonly limits: Required<HubSpotRateLimits>;

  constructor(
    clock: Clock,
    private readonly ids: CorrelationIds,
    limits: HubSpotRateLimits = {},
  ) {
    this.limits = {
      oauthPerTenSeconds: limits.oauthPerTenSeconds ?? 110,
      staticPerTenSeconds: limits.staticPerTenSeconds ?? 190,
      staticPerDay: limits.staticPerDay ?? 650_000,
      searchPerSecond: limits.searchPerSecond ?? 5,
      scale: limits.scale ?? 1,
    };
    const scale = this.limits.scale;
    this.oauth = new RateLimiter(
      {
        windows: [{ name: 'tenSecondly', limit: this.limits.oauthPerTenSeconds, windowMs: TEN_SECONDS }],
        scale,
      },
      clock,
    );
    this.statics = new RateLimiter(
      {
        windows: [
          { name: 'tenSecondly', limit: this.limits.staticPerTenSeconds, windowMs: TEN_SECONDS },
          { name: 'daily', limit: this.limits.staticPerDay, windowMs: DAY },
        ],
        scale,
      },
      clock,
    );
    this.search = new RateLimiter(
      { windows: [{ name: 'secondly', limit: this.limits.searchPerSecond, windowMs: 1_000 }], scale },
      clock,
    );
  }

  reset(): void {
    this.oauth.reset();
    this.statics.reset();
    this.search.reset();
  }

  /** Counts one call of this grant; sets the headers; throws the 429 when over a limit. */
  admit(ctx: SandboxContext, grant: AccessGrant, isSearch: boolean): void {
    const isStatic = grant.kind === 'static';
    const limiter = isStatic ? this.statics : this.oauth;
    const key = isStatic ? `${grant.portalId}:static` : `${grant.portalId}:app:${grant.appId}`;
    if (isSearch) {
      const searched = this.search.tryAcquire(String(grant.portalId));
      if (!searched.ok) {
        ctx.res.setHeader('Retry-After', String(Math.max(1, Math.ceil(searched.retryAfterMs / 1000))));
        throw this.tooMany('You have reached your secondly limit.', 'SECONDLY');
      }
      searched.release();
    }
    const admission = limiter.tryAcquire(key);
    const remaining = admission.remaining;
    const tenMs = Math.max(1, Math.round(TEN_SECONDS * this.limits.scale));
    if (!isSearch) {
      ctx.res.setHeader('X-HubSpot-RateLimit-Interval-Milliseconds', String(tenMs));
      ctx.res.setHeader(
        'X-HubSpot-RateLimit-Max',
        String(isStatic ? this.limits.staticPerTenSeconds : this.limits.oauthPerTenSeconds),
      );
      ctx.res.setHeader('X-HubSpot-RateLimit-Remaining', String(remaining.tenSecondly ?? 0));
      if (isStatic) {
        ctx.res.setHeader('X-HubSpot-RateLimit-Daily', String(this.limits.staticPerDay));
        ctx.res.setHeader('X-HubSpot-RateLimit-Daily-Remaining', String(remaining.daily ?? 0));
      }
    }
    if (admission.ok) {
      admission.release();
      return;
    }
    ctx.res.setHeader('Retry-After', String(Math.max(1, Math.ceil(admission.retryAfterMs / 1000))));
    if (admission.window === 'daily') throw this.tooMany('You have reached your daily limit.', 'DAILY');
    throw this.tooMany('You have reached your ten_secondly_rolling limit.', 'TEN_SECONDLY_ROLLING');
  }

  private tooMany(message: string, policyName: string): SandboxHttpError {
    return new SandboxHttpError(
      429,
      errorBody(this.ids(), 'RATE_LIMITS', message, {
        errorType: 'RATE_LIMIT',
        policyName,
        groupName: 'api-calls',
      }),
    );
  }
}
