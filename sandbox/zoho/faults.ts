import { FaultInjector, type FaultKind, type FaultRule } from '../core/faults';

/**
 * The core answers injected `error` and `rate_limit` faults before any route, in its own body
 * shape; Zoho's routes draw those two themselves, after the token check, and answer in Zoho's
 * shape (INTERNAL_ERROR, or TOO_MANY_REQUESTS with Retry-After). Latency is applied after the
 * call is admitted, so a slow call holds its concurrency slot. Drop and hang stay with the core.
 */
export class ZohoFaults extends FaultInjector {
  override draw(
    kinds: readonly FaultKind[],
    request: { method: string; path: string },
  ): FaultRule | undefined {
    const core = kinds.filter((k) => k !== 'error' && k !== 'rate_limit');
    return core.length > 0 ? super.draw(core, request) : undefined;
  }

  drawZohoShaped(request: { method: string; path: string }): FaultRule | undefined {
    return super.draw(['error', 'rate_limit'], request);
  }
}
