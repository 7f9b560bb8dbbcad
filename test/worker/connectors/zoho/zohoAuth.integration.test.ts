import { InvalidGrantError } from '../../../../worker/connections/tokenRefresher';
import type { Connection } from '../../../../worker/connections/connectionStore';
import { VendorError } from '../../../../worker/connectors/errors';
import { ZOHO_SCOPES, ZohoAuth } from '../../../../worker/connectors/zoho/zohoAuth';
import { ACCESS_TOKEN_SECONDS } from '../../../../sandbox/zoho';
import { CLIENT } from '../../../sandbox/zoho/harness';
import { REDIRECT_URI, startZohoClientHarness, type ZohoClientHarness } from './zohoClientHarness';

describe('Zoho auth against the emulator: consent, code and tokens at the org’s data centre', () => {
  let h: ZohoClientHarness;
  beforeEach(async () => (h = await startZohoClientHarness()));
  afterEach(async () => h.close());

  it('asks for the five scopes offline with prompt=consent at the US accounts server', () => {
    const url = new URL(h.auth.consentUrl({ state: 's-9', redirectUri: REDIRECT_URI }));
    expect(`${url.origin}${url.pathname}`).toBe(`${h.server.url}/accounts/us/oauth/v2/auth`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      scope:
        'ZohoCRM.modules.ALL,ZohoCRM.settings.fields.READ,ZohoCRM.notifications.ALL,ZohoCRM.coql.READ,ZohoCRM.org.READ',
      client_id: CLIENT.clientId,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: REDIRECT_URI,
      state: 's-9',
    });
    expect(ZOHO_SCOPES).toHaveLength(5);
  });

  it('exchanges an EU org’s code at the EU accounts server and gets the EU API domain', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'eu' });
    const back = h.auth.readConsentRedirect(await h.consentAs(orgId));
    expect(back).toEqual({
      code: expect.any(String),
      state: 'state-1',
      dc: 'eu',
      accountsServer: `${h.server.url}/accounts/eu`,
    });
    const before = h.clock.now();
    const grant = await h.auth.exchangeCode({ ...back, redirectUri: REDIRECT_URI });
    expect(grant).toMatchObject({
      dc: 'eu',
      accountsServer: `${h.server.url}/accounts/eu`,
      apiDomain: `${h.server.url}/dc/eu`,
      scopes: ZOHO_SCOPES,
      tokens: {
        accessToken: expect.stringMatching(/^1000\./),
        refreshToken: expect.stringMatching(/^1000\./),
      },
    });
    // Expiry counted from when the request left, on the injected clock (which runs on from START).
    expect(grant.tokens.expiresAt).toBeGreaterThanOrEqual(before + ACCESS_TOKEN_SECONDS * 1000);
    expect(grant.tokens.expiresAt).toBeLessThanOrEqual(h.clock.now() + ACCESS_TOKEN_SECONDS * 1000);
  });

  it('refuses an accounts server outside the DC table, or one that contradicts location, before any request', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'eu' });
    const query = await h.consentAs(orgId);
    const forged = new URLSearchParams(query);
    forged.set('accounts-server', 'https://accounts.zoho.eu.attacker.example');
    expect(() => h.auth.readConsentRedirect(forged)).toThrow(/not a Zoho accounts server of the sandbox/);
    // Live Zoho's real EU host is not the sandbox's: a sandbox install refuses it too.
    forged.set('accounts-server', 'https://accounts.zoho.eu');
    expect(() => h.auth.readConsentRedirect(forged)).toThrow(VendorError);
    const mismatched = new URLSearchParams(query);
    mismatched.set('location', 'us');
    expect(() => h.auth.readConsentRedirect(mismatched)).toThrow(/location us but accounts server of eu/);
    await expect(
      h.auth.exchangeCode({
        code: query.get('code') ?? '',
        accountsServer: 'https://evil.example/accounts/eu',
        redirectUri: REDIRECT_URI,
      }),
    ).rejects.toMatchObject({ kind: 'validation' });
    // The code is still unused: it works at its own DC.
    const grant = await h.auth.exchangeCode({
      code: query.get('code') ?? '',
      accountsServer: `${h.server.url}/accounts/eu`,
      redirectUri: REDIRECT_URI,
    });
    expect(grant.dc).toBe('eu');
  });

  it('reads Zoho’s HTTP-200 {"error"} as failure: a code taken to another DC is invalid_code, reauth-required', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'eu' });
    const query = await h.consentAs(orgId);
    const atUs = h.auth.exchangeCode({
      code: query.get('code') ?? '',
      accountsServer: `${h.server.url}/accounts/us`,
      redirectUri: REDIRECT_URI,
    });
    await expect(atUs).rejects.toMatchObject({
      kind: 'reauthRequired',
      details: { vendorCode: 'invalid_code' },
    });
    const wrongClient = new ZohoAuth(
      { mode: 'sandbox', baseUrl: h.server.url },
      { clientId: '1000.NOTREGISTERED', clientSecret: 'x' },
    );
    const again = await h.consentAs(orgId);
    await expect(
      wrongClient.exchangeCode({
        code: again.get('code') ?? '',
        accountsServer: again.get('accounts-server') ?? '',
        redirectUri: REDIRECT_URI,
      }),
    ).rejects.toMatchObject({ kind: 'reauthRequired', details: { vendorCode: 'invalid_client' } });
  });

  it('refreshes at the connection’s accounts server after the token expires, and a revoked grant needs a reconnect', async () => {
    const org = await h.connectOrg('au');
    const connection = {
      settings: {
        dc: org.grant.dc,
        accountsServer: org.grant.accountsServer,
        apiDomain: org.grant.apiDomain,
      },
    } as unknown as Connection;
    h.clock.advance(ACCESS_TOKEN_SECONDS * 1000);
    const before = h.clock.now();
    const fresh = await h.auth.refresh(connection, org.grant.tokens);
    expect(fresh.accessToken).not.toBe(org.grant.tokens.accessToken);
    expect(fresh.expiresAt).toBeGreaterThanOrEqual(before + ACCESS_TOKEN_SECONDS * 1000);
    expect(fresh.expiresAt).toBeLessThanOrEqual(h.clock.now() + ACCESS_TOKEN_SECONDS * 1000);
    await h.auth.revoke(org.grant.accountsServer, org.grant.tokens.refreshToken ?? '');
    await h.auth.revoke(org.grant.accountsServer, 'unknown-token'); // already gone: done
    await expect(h.auth.refresh(connection, org.grant.tokens)).rejects.toBeInstanceOf(InvalidGrantError);
    // A connection that does not say where it lives cannot be refreshed anywhere.
    await expect(
      h.auth.refresh({ settings: {} } as unknown as Connection, org.grant.tokens),
    ).rejects.toBeInstanceOf(InvalidGrantError);
  });

  it('passes the 400 "Access Denied" of too many refreshes as retryable', async () => {
    const org = await h.connectOrg('in');
    for (let i = 0; i < 10; i++)
      await h.auth.refreshAt(org.grant.accountsServer, org.grant.tokens.refreshToken ?? '');
    await expect(
      h.auth.refreshAt(org.grant.accountsServer, org.grant.tokens.refreshToken ?? ''),
    ).rejects.toMatchObject({ kind: 'retryable', details: { status: 400 } });
  });
});
