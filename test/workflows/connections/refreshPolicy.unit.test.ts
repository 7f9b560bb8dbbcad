import { shouldRefresh, type RefreshInput } from '../../../workflows/connections/refreshPolicy';

const now = new Date('2026-11-23T12:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const active = (expiresInMinutes: number | null): RefreshInput => ({
  status: 'active',
  accessExpiresAt: expiresInMinutes === null ? null : minutes(expiresInMinutes),
  canRenew: true,
});
const margin = { marginMs: 5 * 60_000 };

describe('shouldRefresh', () => {
  it('waits while the token is fresh and says when to refresh', () => {
    expect(shouldRefresh(active(30), now, margin)).toEqual({
      should: false,
      reason: 'fresh',
      refreshAt: minutes(25),
    });
  });
  it('refreshes inside the margin and after expiry', () => {
    expect(shouldRefresh(active(4), now, margin)).toEqual({ should: true, reason: 'expiring' });
    expect(shouldRefresh(active(5), now, margin)).toEqual({ should: true, reason: 'expiring' });
    expect(shouldRefresh(active(-1), now, margin)).toEqual({ should: true, reason: 'expired' });
  });
  it('refreshes at once after a 401, even with a fresh token', () => {
    expect(shouldRefresh(active(30), now, { ...margin, sawUnauthorized: true })).toEqual({
      should: true,
      reason: 'unauthorized',
    });
  });
  it('never refreshes a connection waiting for re-authorisation', () => {
    expect(
      shouldRefresh({ ...active(-1), status: 'needs_reauth' }, now, { ...margin, sawUnauthorized: true }),
    ).toEqual({
      should: false,
      reason: 'not_active',
    });
  });
  it('cannot refresh without a refresh token or an expiry', () => {
    expect(shouldRefresh({ ...active(-1), canRenew: false }, now, margin).reason).toBe('cannot_renew');
    expect(shouldRefresh(active(null), now, margin).reason).toBe('no_expiry');
  });
});
