import { Client } from '@hubspot/api-client';
import {
  authorize,
  CLIENT,
  consent,
  expectApiError,
  REDIRECT_URI,
  SCOPES,
  startHubSpot,
  UUID,
  type HubSpotHarness,
} from './harness';

describe('HubSpot emulator: OAuth', () => {
  let h: HubSpotHarness;
  afterEach(async () => h.close());

  it('issues 30-minute tokens for an auth code and describes them through accessTokensApi', async () => {
    h = await startHubSpot();
    expect(h.tokens.expiresIn).toBe(1800);
    expect(h.tokens.refreshToken).toMatch(/^na1-/);
    const info = await h.clientWith().oauth.accessTokensApi.get(h.tokens.accessToken);
    expect({ ...info }).toEqual({
      token: h.tokens.accessToken,
      user: 'sandbox.user@example.com',
      hubDomain: `sandbox-${h.emulator.defaultPortalId}.hubspot.com`,
      scopes: ['oauth', ...SCOPES],
      hubId: h.emulator.defaultPortalId,
      appId: CLIENT.appId,
      expiresIn: 1800,
      userId: 1,
      tokenType: 'access',
    });
    const refresh = await h.clientWith().oauth.refreshTokensApi.get(h.tokens.refreshToken);
    expect(refresh).toMatchObject({
      clientId: CLIENT.clientId,
      hubId: h.emulator.defaultPortalId,
      tokenType: 'refresh',
    });
  });

  it('installs into the portal named by hub_id and the token only reaches that portal', async () => {
    h = await startHubSpot();
    const tokens = await authorize(h.server.url, SCOPES, { hub_id: '777' });
    const info = await h.clientWith().oauth.accessTokensApi.get(tokens.accessToken);
    expect(info.hubId).toBe(777);
    const page = await h.clientWith(tokens.accessToken).crm.deals.basicApi.getPage();
    expect(page.results).toEqual([]);
    const seeded = await h.hubspot.crm.deals.basicApi.getPage();
    expect(seeded.results.length).toBeGreaterThan(0);
  });

  it('refreshes with the same (non-rotating) refresh token; the old access token keeps working until it expires', async () => {
    h = await startHubSpot();
    const sdk = h.clientWith();
    const refreshed = await sdk.oauth.tokensApi.create(
      'refresh_token',
      undefined,
      undefined,
      CLIENT.clientId,
      CLIENT.clientSecret,
      h.tokens.refreshToken,
    );
    expect(refreshed.refreshToken).toBe(h.tokens.refreshToken);
    expect(refreshed.accessToken).not.toBe(h.tokens.accessToken);
    expect(refreshed).toEqual({
      accessToken: refreshed.accessToken,
      refreshToken: h.tokens.refreshToken,
      tokenType: 'bearer',
      expiresIn: 1800,
    });
    await expect(h.hubspot.crm.deals.basicApi.getPage(1)).resolves.toBeDefined();
    // Refreshing again with the same token works again (HubSpot refresh tokens are long-lived).
    await expect(
      sdk.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        CLIENT.clientId,
        CLIENT.clientSecret,
        h.tokens.refreshToken,
      ),
    ).resolves.toMatchObject({ refreshToken: h.tokens.refreshToken });
  });

  it("answers a bad refresh token, auth code or secret on /oauth/v1/token in HubSpot's OAuth error shape", async () => {
    h = await startHubSpot();
    const sdk = h.clientWith();
    const badRefresh = await expectApiError(
      sdk.oauth.tokensApi.create(
        'refresh_token',
        undefined,
        undefined,
        CLIENT.clientId,
        CLIENT.clientSecret,
        'na1-nope',
      ),
    );
    expect(badRefresh.code).toBe(400);
    expect(badRefresh.body).toEqual({
      status: 'BAD_REFRESH_TOKEN',
      message: 'missing or unknown refresh token',
      correlationId: UUID,
    });
    const code = await consent(h.server.url, SCOPES);
    const badSecret = await expectApiError(
      sdk.oauth.tokensApi.create('authorization_code', code, REDIRECT_URI, CLIENT.clientId, 'wrong'),
    );
    expect(badSecret.body).toMatchObject({ status: 'BAD_CLIENT_SECRET' });
    await sdk.oauth.tokensApi.create(
      'authorization_code',
      code,
      REDIRECT_URI,
      CLIENT.clientId,
      CLIENT.clientSecret,
    );
    const reused = await expectApiError(
      sdk.oauth.tokensApi.create(
        'authorization_code',
        code,
        REDIRECT_URI,
        CLIENT.clientId,
        CLIENT.clientSecret,
      ),
    );
    expect(reused.body).toMatchObject({ status: 'BAD_AUTH_CODE', correlationId: UUID });
  });

  it('serves the current date-versioned /oauth/2026-03/token and introspection endpoints (via the SDK apiRequest)', async () => {
    h = await startHubSpot();
    const sdk = h.clientWith();
    const form = (fields: Record<string, string>) => ({
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      defaultJson: false,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    const refreshed = await sdk.apiRequest({
      path: '/oauth/2026-03/token',
      ...form({
        grant_type: 'refresh_token',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        refresh_token: h.tokens.refreshToken,
      }),
    });
    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      token_type: 'bearer',
      refresh_token: h.tokens.refreshToken,
      expires_in: 1800,
      hub_id: h.emulator.defaultPortalId,
      scopes: ['oauth', ...SCOPES],
    });
    const introspected = await sdk.apiRequest({
      path: '/oauth/2026-03/token/introspect',
      ...form({
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        token: String(body.access_token),
      }),
    });
    expect(await introspected.json()).toMatchObject({
      token_use: 'access_token',
      active: true,
      hub_id: h.emulator.defaultPortalId,
      client_id: CLIENT.clientId,
      app_id: CLIENT.appId,
      expires_in: 1800,
    });
    const bad = await sdk.apiRequest({
      path: '/oauth/2026-03/token',
      ...form({
        grant_type: 'refresh_token',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        refresh_token: 'x',
      }),
    });
    expect(bad.status).toBe(400);
    // RFC 6749 fields, with HubSpot's own kept for compatibility.
    expect(await bad.json()).toMatchObject({
      error: 'invalid_grant',
      error_description: expect.any(String),
      status: 'BAD_REFRESH_TOKEN',
      message: expect.any(String),
      correlationId: UUID,
    });
  });

  it('revoking a refresh token (fault injection) turns the next refresh into BAD_REFRESH_TOKEN and stops its access tokens', async () => {
    h = await startHubSpot();
    h.emulator.oauth.revokeRefreshToken(h.tokens.refreshToken);
    const err = await expectApiError(
      h
        .clientWith()
        .oauth.tokensApi.create(
          'refresh_token',
          undefined,
          undefined,
          CLIENT.clientId,
          CLIENT.clientSecret,
          h.tokens.refreshToken,
        ),
    );
    expect(err.body.status).toBe('BAD_REFRESH_TOKEN');
    expect((await expectApiError(h.hubspot.crm.deals.basicApi.getPage())).code).toBe(401);
  });

  it('accepts a static (single-account app) token with its scopes and no expiry', async () => {
    h = await startHubSpot();
    h.emulator.registerStaticToken(h.emulator.defaultPortalId, 'pat-na1-static-token-0001', [
      'crm.objects.companies.read',
    ]);
    const hs = h.clientWith('pat-na1-static-token-0001');
    h.emulator.clock.advance(7 * 86_400_000);
    const page = await hs.crm.companies.basicApi.getPage(2);
    expect(page.results).toHaveLength(2);
    const denied = await expectApiError(hs.crm.deals.basicApi.getPage());
    expect(denied.code).toBe(403);
  });
});

describe('HubSpot emulator: authentication errors on CRM routes', () => {
  let h: HubSpotHarness;
  beforeEach(async () => {
    h = await startHubSpot({ scopes: ['crm.objects.contacts.read'] });
  });
  afterEach(async () => h.close());

  it('answers a missing or unknown token with 401 INVALID_AUTHENTICATION', async () => {
    for (const client of [new Client({ basePath: h.server.url }), h.clientWith('not-a-token')]) {
      const err = await expectApiError(client.crm.contacts.basicApi.getPage());
      expect(err.code).toBe(401);
      expect(err.body).toEqual({
        status: 'error',
        message: expect.stringContaining('Authentication credentials not found'),
        correlationId: UUID,
        category: 'INVALID_AUTHENTICATION',
      });
    }
  });

  it('answers an expired token with 401 EXPIRED_AUTHENTICATION after 30 minutes', async () => {
    await expect(h.hubspot.crm.contacts.basicApi.getPage()).resolves.toBeDefined();
    h.emulator.clock.advance(1800 * 1000 + 3 * 60_000);
    const err = await expectApiError(h.hubspot.crm.contacts.basicApi.getPage());
    expect(err.code).toBe(401);
    expect(err.body).toEqual({
      status: 'error',
      message: 'The OAuth token used to make this call expired 3 minute(s) ago.',
      correlationId: UUID,
      category: 'EXPIRED_AUTHENTICATION',
    });
  });

  it('answers the expire_token fault with 401 EXPIRED_AUTHENTICATION', async () => {
    h.emulator.faults.add({ kind: 'expire_token', count: 1 });
    expect((await expectApiError(h.hubspot.crm.contacts.basicApi.getPage())).body.category).toBe(
      'EXPIRED_AUTHENTICATION',
    );
  });

  it('answers a call outside the granted scopes with 403 MISSING_SCOPES', async () => {
    const err = await expectApiError(
      h.hubspot.crm.deals.basicApi.create({ properties: { dealname: 'x' }, associations: [] }),
    );
    expect(err.code).toBe(403);
    expect(err.body).toEqual({
      status: 'error',
      message: expect.stringContaining("hasn't been granted all required scopes"),
      correlationId: UUID,
      category: 'MISSING_SCOPES',
      errors: [
        {
          message: 'One or more of the following scopes are required.',
          context: { requiredGranularScopes: ['crm.objects.deals.write'] },
        },
      ],
      links: { scopes: 'https://developers.hubspot.com/scopes' },
    });
  });
});
