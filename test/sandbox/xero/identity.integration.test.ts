import { XeroClient } from 'xero-node';
import { authorize, CLIENT, expectXeroError, openIdClientFor, startXero, type XeroHarness } from './harness';

describe('Xero emulator through xero-node: identity', () => {
  let h: XeroHarness;
  beforeEach(async () => {
    h = await startXero();
  });
  afterEach(async () => h.close());

  it('issues 30-minute tokens and lists the grant’s tenants on /connections', async () => {
    const tokens = h.xero.readTokenSet();
    expect(tokens.expires_in).toBeGreaterThan(1_790);
    expect(tokens.expires_in).toBeLessThanOrEqual(1_800);
    expect(tokens.access_token?.split('.')).toHaveLength(3);
    // xero-node hard-codes https://api.xero.com/connections, so a caller reads it by base URL.
    const res = await fetch(`${h.server.url}/connections`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const connections = (await res.json()) as Array<Record<string, unknown>>;
    expect(connections).toEqual([
      expect.objectContaining({
        tenantId: h.tenantId,
        tenantType: 'ORGANISATION',
        tenantName: 'Demo Company (Global)',
      }),
    ]);
  });

  it('expires access tokens after 30 minutes; a refresh through the SDK rotates the refresh token', async () => {
    h.emulator.clock.advance(31 * 60_000);
    expect((await expectXeroError(h.xero.accountingApi.getInvoices(h.tenantId))).statusCode).toBe(401);
    const before = h.xero.readTokenSet().refresh_token;
    const refreshed = await h.xero.refreshToken();
    expect(refreshed.refresh_token).not.toBe(before);
    const invoices = await h.xero.accountingApi.getInvoices(h.tenantId);
    expect(invoices.body.invoices!.length).toBeGreaterThan(0);
  });

  it('answers a reused refresh token with the same tokens inside the grace period, then refuses it', async () => {
    const first = h.tokenSet.refresh_token;
    const a = await h.xero.openIdClient.refresh(first);
    const b = await h.xero.openIdClient.refresh(first);
    expect(b.access_token).toBe(a.access_token);
    expect(b.refresh_token).toBe(a.refresh_token);
    h.emulator.clock.advance(31 * 60_000);
    await expect(h.xero.openIdClient.refresh(first)).rejects.toMatchObject({ error: 'invalid_grant' });
    expect(h.emulator.identity.stats.refusedRefreshes).toBe(1);
    await expect(h.xero.openIdClient.refresh(a.refresh_token as string)).resolves.toMatchObject({
      token_type: 'Bearer',
    });
  });

  it('refuses a wrong PKCE verifier, a wrong secret and a revoked grant', async () => {
    const wrongSecret = new XeroClient({
      clientId: CLIENT.clientId,
      clientSecret: 'nope',
      redirectUris: CLIENT.redirectUris,
      scopes: ['offline_access'],
    });
    wrongSecret.openIdClient = new (openIdClientFor(h.server.url).issuer.Client)({
      client_id: CLIENT.clientId,
      client_secret: 'nope',
      redirect_uris: CLIENT.redirectUris,
    });
    await expect(authorize(h.server.url, wrongSecret)).rejects.toMatchObject({ error: 'invalid_client' });

    await h.xero.revokeToken();
    await expect(h.xero.openIdClient.refresh(h.tokenSet.refresh_token)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect((await expectXeroError(h.xero.accountingApi.getInvoices(h.tenantId))).statusCode).toBe(401);
  });

  it('a revoke_token fault kills the grant as a user disconnecting the app would', async () => {
    h.emulator.faults.add({ kind: 'revoke_token', count: 1 });
    expect((await expectXeroError(h.xero.accountingApi.getInvoices(h.tenantId))).statusCode).toBe(401);
    await expect(h.xero.openIdClient.refresh(h.tokenSet.refresh_token)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });
});
