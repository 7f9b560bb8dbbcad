import type { TokenRefresher } from './tokenRefresher';

/**
 * Vendor refreshers by name. Each vendor's connector registers its own; a connection for a vendor
 * with none registered fails its refresh loudly rather than silently keeping stale tokens.
 */
export class RefresherRegistry {
  private readonly byVendor = new Map<string, TokenRefresher>();

  register(vendor: string, refresher: TokenRefresher): this {
    this.byVendor.set(vendor, refresher);
    return this;
  }

  for(vendor: string): TokenRefresher {
    const refresher = this.byVendor.get(vendor);
    if (!refresher) throw new Error(`no token refresher registered for vendor "${vendor}"`);
    return refresher;
  }
}
