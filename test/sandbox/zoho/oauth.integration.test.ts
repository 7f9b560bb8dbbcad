import { ACCESS_TOKEN_SECONDS } from '../../../sandbox/zoho';
import { apiCall, CLIENT, consent, orgIn, startZoho, tokenRequest, type ZohoHarness } from './harness';

describe('Zoho emulator: OAuth per data centre', () => {
  let h: ZohoHarness;
  beforeEach(async () => (h = await startZoho()));
  afterEach(async () => h.close());

  it('sends the browser back with code, location and accounts-server; the token answer carries that DC’s api_domain', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'eu' });
    const redirect = await consent(h.server.url, orgId);
    expect(redirect.searchParams.get('location')).toBe('eu');
    expect(redirect.searchParams.get('accounts-server')).toBe(`${h.server.url}/accounts/eu`);
    expect(redirect.searchParams.get('state')).toBe('st-1');
    const exchange = {
      grant_type: 'authorization_code',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      redirect_uri: CLIENT.redirectUris[0] ?? '',
      code: redirect.searchParams.get('code') ?? '',
    };
    // The code is only good at the accounts server of the org's DC.
    expect((await tokenRequest(`${h.server.url}/accounts/us`, exchange)).body).toEqual({
      error: 'invalid_code',
    });
    const tokens = await tokenRequest(`${h.server.url}/accounts/eu`, exchange);
    expect(tokens.body).toMatchObject({
      api_domain: `${h.server.url}/dc/eu`,
      token_type: 'Bearer',
      expires_in: 3600,
      access_token: expect.stringMatching(/^1000\.[0-9a-f]{32}\.[0-9a-f]{32}$/),
      refresh_token: expect.stringMatching(/^1000\./),
    });
    // A code is used once.
    expect((await tokenRequest(`${h.server.url}/accounts/eu`, exchange)).body).toEqual({
      error: 'invalid_code',
    });
  });

  it('serves each org only at its own DC: another DC’s api domain answers 401 INVALID_TOKEN', async () => {
    const eu = await orgIn(h, 'eu');
    const au = await orgIn(h, 'au');
    h.emulator.seedRecord(eu.orgId, 'Accounts', { Account_Name: 'Euro GmbH' });
    h.emulator.seedRecord(au.orgId, 'Accounts', { Account_Name: 'Aussie Pty' });
    const euAccounts = await eu.connection.call('GET', '/crm/v8/Accounts?fields=Account_Name');
    expect(euAccounts.status).toBe(200);
    expect((euAccounts.body?.data as Array<{ Account_Name: string }>).map((a) => a.Account_Name)).toEqual([
      'Euro GmbH',
    ]);
    expect(au.connection.apiDomain).toBe(`${h.server.url}/dc/au`);
    const wrongDc = await apiCall(`${h.server.url}/dc/us`, eu.connection.accessToken)(
      'GET',
      '/crm/v8/Accounts?fields=Account_Name',
    );
    expect(wrongDc.status).toBe(401);
    expect(wrongDc.body).toEqual({
      code: 'INVALID_TOKEN',
      details: {},
      message: 'invalid oauth token',
      status: 'error',
    });
    const noToken = await fetch(`${eu.connection.apiDomain}/crm/v8/Accounts?fields=Account_Name`);
    expect(noToken.status).toBe(401);
    expect(await noToken.json()).toMatchObject({ code: 'AUTHENTICATION_FAILURE', status: 'error' });
  });

  it('expires access tokens after 3600 s on the injected clock; the refresh token mints a new one at its DC only', async () => {
    const { connection } = await orgIn(h, 'in');
    h.clock.advance((ACCESS_TOKEN_SECONDS - 1) * 1000);
    expect((await connection.call('GET', '/crm/v8/Accounts?fields=Account_Name')).status).toBe(204);
    h.clock.advance(1000);
    const expired = await connection.call('GET', '/crm/v8/Accounts?fields=Account_Name');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'INVALID_TOKEN' });
    const refresh = {
      grant_type: 'refresh_token',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      refresh_token: connection.refreshToken,
    };
    expect((await tokenRequest(`${h.server.url}/accounts/us`, refresh)).body).toEqual({
      error: 'invalid_code',
    });
    expect(
      (await tokenRequest(connection.accountsServer, { ...refresh, client_secret: 'wrong' })).body,
    ).toEqual({
      error: 'invalid_client_secret',
    });
    const renewed = await tokenRequest(connection.accountsServer, refresh);
    expect(renewed.body).toMatchObject({ api_domain: connection.apiDomain, expires_in: 3600 });
    expect(renewed.body).not.toHaveProperty('refresh_token');
    const again = apiCall(connection.apiDomain, String(renewed.body?.access_token));
    expect((await again('GET', '/crm/v8/Accounts?fields=Account_Name')).status).toBe(204);
  });

  it('refuses a revoked refresh token and a token without the scope a route needs', async () => {
    const { orgId } = h.emulator.createOrg({ dc: 'jp' });
    const narrow = await h.connect(orgId, 'ZohoCRM.modules.ALL');
    const coql = await narrow.call('POST', '/crm/v8/coql', {
      select_query: 'select Account_Name from Accounts limit 1',
    });
    expect(coql.status).toBe(401);
    expect(coql.body).toMatchObject({ code: 'OAUTH_SCOPE_MISMATCH' });
    await fetch(`${narrow.accountsServer}/oauth/v2/token/revoke?token=${narrow.refreshToken}`, {
      method: 'POST',
    });
    const refreshed = await tokenRequest(narrow.accountsServer, {
      grant_type: 'refresh_token',
      client_id: CLIENT.clientId,
      client_secret: CLIENT.clientSecret,
      refresh_token: narrow.refreshToken,
    });
    expect(refreshed.body).toEqual({ error: 'invalid_code' });
    expect((await narrow.call('GET', '/crm/v8/Accounts?fields=Account_Name')).status).toBe(401);
  });
});
