import { FaultInjector, type FaultKind, type FaultRule } from '../core/faults';

/**
 * The core answers injected `error` and `rate_limit` faults before any route, in its own body
 * shape, which the SDK misreads (as an OAuth error). Stripe's routes draw those two themselves,
 * after the key check, and answer in Stripe's shape; latency, drop, hang and webhook_failure stay
 * with the core.
 */
export class StripeFaults extends FaultInjector {
  override draw(
    kinds: readonly FaultKind[],
    request: { method: string; path: string },
  ): FaultRule | undefined {
    const core = kinds.filter((k) => k !== 'error' && k !== 'rate_limit');
    return core.length > 0 ? super.draw(core, request) : undefined;
  }

  drawStripeShaped(request: { method: string; path: string }): FaultRule | undefined {
    return super.draw(['error', 'rate_limit'], request);
  }
}
