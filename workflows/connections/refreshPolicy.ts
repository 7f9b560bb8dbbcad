/**
 * When to refresh an access token: pure, so it is tested without clocks or vendors. A connection is
 * refreshed ahead of expiry by a margin (Xero's tokens last 30 minutes; refreshing 5 minutes early
 * leaves room for retries), immediately after a 401, and never while it needs re-authorisation.
 */
export interface RefreshInput {
  status: 'active' | 'needs_reauth' | 'disconnected';
  accessExpiresAt: Date | null;
  canRenew: boolean;
}

export type RefreshDecision =
  | { should: true; reason: 'expiring' | 'expired' | 'unauthorized' }
  | { should: false; reason: 'fresh' | 'no_expiry' | 'not_active' | 'cannot_renew'; refreshAt?: Date };

export function shouldRefresh(
  connection: RefreshInput,
  now: Date,
  options: { marginMs: number; sawUnauthorized?: boolean },
): RefreshDecision {
  if (connection.status !== 'active') return { should: false, reason: 'not_active' };
  if (!connection.canRenew) return { should: false, reason: 'cannot_renew' };
  if (options.sawUnauthorized) return { should: true, reason: 'unauthorized' };
  if (!connection.accessExpiresAt) return { should: false, reason: 'no_expiry' };
  const expires = connection.accessExpiresAt.getTime();
  if (expires <= now.getTime()) return { should: true, reason: 'expired' };
  const refreshAt = new Date(expires - options.marginMs);
  if (refreshAt.getTime() <= now.getTime()) return { should: true, reason: 'expiring' };
  return { should: false, reason: 'fresh', refreshAt };
}
