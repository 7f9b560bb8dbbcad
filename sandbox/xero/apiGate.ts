import type { Clock } from '../core/clock';
import { RateLimiter, type RateLimitPolicy } from '../core/rateLimiter';
import { SandboxHttpError, type SandboxContext } from '../core/server';
import { problem, type XeroIdentity } from './identity';
import type { XeroState } from './state';

/**
 * What every Accounting API call passes first: a valid token, a `xero-tenant-id` the grant covers,
 * and Xero's rate limits (per tenant: 5 in flight, 60 a minute, 5,000 a day; per app: 10,000 a
 * minute), reported in X-DayLimit-Remaining / X-MinLimit-Remaining / X-AppMinLimit-Remaining and,
 * when exceeded, a 429 with Retry-After and X-Rate-Limit-Problem.
 * https://developer.xero.com/documentation/guides/oauth2/limits/
 */
export interface XeroRateLimits {
  perMinute?: number;
  perDay?: number;
  concurrent?: number;
  appPerMinute?: number;
  /** Multiplies the windows: 0.01 makes a "minute" 600 ms for tests. */
  scale?: number;
}

export class ApiGate {
  private readonly tenantLimiter: RateLimiter;
  private readonly appLimiter: RateLimiter;

  constructor(
    private readonly identity: XeroIdentity,
    private readonly state: XeroState,
    clock: Clock,
    limits: XeroRateLimits = {},
  ) {
    const scale = limits.scale ?? 1;
    const tenantPolicy: RateLimitPolicy = {
      windows: [
        { name: 'minute', limit: limits.perMinute ?? 60, windowMs: 60_000 },
        { name: 'day', limit: limits.perDay ?? 5_000, windowMs: 86_400_000 },
      ],
      concurrency: limits.concurrent ?? 5,
      scale,
    };
    this.tenantLimiter = new RateLimiter(tenantPolicy, clock);
    this.appLimiter = new RateLimiter(
      { windows: [{ name: 'appminute', limit: limits.appPerMinute ?? 10_000, windowMs: 60_000 }], scale },
      clock,
    );
  }

  reset(): void {
    this.tenantLimiter.reset();
    this.appLimiter.reset();
  }

  /** Admits one call; the caller must call the returned release when the response is written. */
  admit(ctx: SandboxContext): { tenantId: string; release(): void } {
    const grant = this.identity.authenticate(ctx);
    const header = ctx.req.headers['xero-tenant-id'];
    const tenantId = Array.isArray(header) ? header[0] : header;
    if (!tenantId || !this.state.tenant(tenantId) || !grant.tenantIds.includes(tenantId)) {
      throw new SandboxHttpError(403, problem(403, 'Forbidden', 'AuthenticationUnsuccessful'));
    }
    const app = this.appLimiter.tryAcquire('app');
    const tenant = app.ok ? this.tenantLimiter.tryAcquire(tenantId) : undefined;
    const remaining = this.tenantLimiter.peek(tenantId);
    const appRemaining = this.appLimiter.peek('app');
    ctx.res.setHeader('X-DayLimit-Remaining', String(remaining.day ?? 0));
    ctx.res.setHeader('X-MinLimit-Remaining', String(remaining.minute ?? 0));
    ctx.res.setHeader('X-AppMinLimit-Remaining', String(appRemaining.appminute ?? 0));
    const refused = !app.ok ? app : tenant && !tenant.ok ? tenant : undefined;
    if (refused && !refused.ok) {
      if (app.ok) app.release();
      // Xero sends Retry-After for the windowed limits only; a concurrency refusal has none.
      if (refused.window !== 'concurrent')
        ctx.res.setHeader('Retry-After', String(Math.max(1, Math.ceil(refused.retryAfterMs / 1000))));
      ctx.res.setHeader('X-Rate-Limit-Problem', refused.window);
      throw new SandboxHttpError(
        429,
        problem(429, 'Too Many Requests', `Rate limit exceeded: ${refused.window}`),
      );
    }
    return {
      tenantId,
      release: () => {
        if (app.ok) app.release();
        if (tenant?.ok) tenant.release();
      },
    };
  }
}
