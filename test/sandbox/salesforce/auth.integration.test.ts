import { createHash, randomBytes } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import {
  APP,
  API_VERSION,
  assertion,
  JWT_BEARER,
  rejection,
  rsaKeyPair,
  startSalesforce,
  type SalesforceHarness,
} from './harness';

describe('Salesforce emulator through jsforce: OAuth and sessions', () => {
  let h: SalesforceHarness;
  beforeEach(async () => {
    h = await startSalesforce();
  });
  afterEach(async () => h.close());

  const jwtLogin = (
    claims: Partial<{ iss: string; sub: string; aud: string; exp: number }>,
    privateKey = h.keys.privateKey,
  ) => {
    const conn = new Connection({ loginUrl: h.server.url, version: API_VERSION });
    return conn.authorize({
      grant_type: JWT_BEARER,
      assertion: assertion({
        iss: APP.consumerKey,
        sub: h.org.username,
        aud: h.server.url,
        privateKey,
        ...claims,
      }),
    });
  };

  it('JWT bearer: a session for the pre-authorised user, with the identity URL of org and user', async () => {
    const info = await jwtLogin({});
    expect(info.organizationId).toBe(h.org.orgId);
    expect(info.organizationId).toMatch(/^00D[a-zA-Z0-9]{15}$/);
    expect(info.id).toBe(h.org.userId);
    expect(info.url).toBe(`${h.server.url}/id/${h.org.orgId}/${h.org.userId}`);
    expect(h.conn.instanceUrl).toBe(h.server.url);
    expect(h.conn.accessToken).toMatch(new RegExp(`^${h.org.orgId.slice(0, 15)}!`));
    const identity = await h.conn.identity();
    expect(identity).toMatchObject({
      user_id: h.org.userId,
      organization_id: h.org.orgId,
      username: h.org.username,
    });
    const org = await h.conn.query<{ Name: string }>('SELECT Name FROM Organization');
    expect(org.records[0]?.Name).toBe('Ledgerbridge Demo Org');
  });

  it('JWT bearer: refuses a wrong signature, an unknown consumer key, an unapproved user, a foreign audience and an expired assertion', async () => {
    const other = rsaKeyPair();
    expect(await rejection(jwtLogin({}, other.privateKey))).toMatchObject({
      name: 'invalid_grant',
      message: 'invalid assertion',
    });
    expect(await rejection(jwtLogin({ iss: 'nope' }))).toMatchObject({ name: 'invalid_client_id' });
    expect(await rejection(jwtLogin({ sub: 'someone@else.example' }))).toMatchObject({
      name: 'invalid_grant',
    });
    expect(await rejection(jwtLogin({ aud: 'https://evil.example.com' }))).toMatchObject({
      name: 'invalid_grant',
      message: 'audience is invalid',
    });
    expect(await rejection(jwtLogin({ exp: Math.floor(Date.now() / 1000) - 600 }))).toMatchObject({
      name: 'invalid_grant',
    });
    // login.salesforce.com is an accepted audience too (the worker's production aud).
    await expect(jwtLogin({ aud: 'https://login.salesforce.com' })).resolves.toMatchObject({
      organizationId: h.org.orgId,
    });
  });

  it('client credentials: runs as the app’s user; a wrong secret is invalid_client', async () => {
    const oauth2 = new OAuth2({
      loginUrl: h.server.url,
      clientId: APP.consumerKey,
      clientSecret: APP.consumerSecret,
    });
    const token = await oauth2.requestToken({ grant_type: 'client_credentials' });
    expect(token).toMatchObject({ token_type: 'Bearer', instance_url: h.server.url, scope: 'api' });
    expect(token.id).toBe(`${h.server.url}/id/${h.org.orgId}/${h.org.userId}`);
    expect(String(token.issued_at)).toMatch(/^\d{13}$/);
    expect(typeof (token as unknown as { signature: string }).signature).toBe('string');
    const conn = new Connection({
      instanceUrl: token.instance_url,
      accessToken: token.access_token,
      version: API_VERSION,
    });
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(6);

    const wrong = new OAuth2({ loginUrl: h.server.url, clientId: APP.consumerKey, clientSecret: 'wrong' });
    expect(await rejection(wrong.requestToken({ grant_type: 'client_credentials' }))).toMatchObject({
      name: 'invalid_client',
      message: 'invalid client credentials',
    });
    expect(await rejection(oauth2.requestToken({ grant_type: 'password' }))).toMatchObject({
      name: 'unsupported_grant_type',
    });
  });

  it('web server flow with PKCE issues a refresh token that mints new sessions until revoked', async () => {
    const redirectUri = 'http://127.0.0.1:3030/oauth/salesforce/callback';
    h.emulator.registerApp({
      consumerKey: 'WEB-APP',
      consumerSecret: 's3cret',
      username: h.org.username,
      scopes: ['api', 'refresh_token'],
      redirectUris: [redirectUri],
    });
    const verifier = randomBytes(32).toString('base64url');
    const oauth2 = new OAuth2({
      loginUrl: h.server.url,
      clientId: 'WEB-APP',
      clientSecret: 's3cret',
      redirectUri,
    });
    const url = oauth2.getAuthorizationUrl({
      scope: 'api refresh_token',
      state: 'xyz',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    } as Record<string, string>);
    // The browser's consent redirect (the only step that is not an API call).
    const consent = await fetch(url, { redirect: 'manual' });
    const location = new URL(consent.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code') ?? '';
    expect(await rejection(oauth2.requestToken(code, { code_verifier: 'wrong' }))).toMatchObject({
      name: 'invalid_grant',
    });
    const location2 = new URL((await fetch(url, { redirect: 'manual' })).headers.get('location') ?? '');
    const tokens = await oauth2.requestToken(location2.searchParams.get('code') ?? '', {
      code_verifier: verifier,
    });
    expect(tokens.refresh_token).toBeDefined();
    const refreshed = await oauth2.refreshToken(tokens.refresh_token as string);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    await oauth2.revokeToken(tokens.refresh_token as string);
    expect(await rejection(oauth2.refreshToken(tokens.refresh_token as string))).toMatchObject({
      name: 'invalid_grant',
    });
  });

  it('a session ends after the timeout without activity, and on revocation: INVALID_SESSION_ID 401', async () => {
    h.emulator.clock.advance(60 * 60_000);
    await h.conn.query('SELECT Id FROM Account LIMIT 1'); // activity keeps it alive
    h.emulator.clock.advance(119 * 60_000);
    await h.conn.query('SELECT Id FROM Account LIMIT 1');
    h.emulator.clock.advance(121 * 60_000);
    const err = await rejection(h.conn.query('SELECT Id FROM Account'));
    expect(err).toMatchObject({ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' });

    const conn = await h.login();
    await conn.oauth2.revokeToken(conn.accessToken as string);
    expect(await rejection(conn.sobject('Account').retrieve(h.org.accountIds[0] as string))).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
  });

  it('faults: an expire_token fault ends the session; a 503 is retried by jsforce on GET, surfaces on POST', async () => {
    h.emulator.faults.add({ kind: 'expire_token', count: 1 });
    expect(await rejection(h.conn.query('SELECT Id FROM Account'))).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    const conn = await h.login();
    h.emulator.faults.add({ kind: 'error', status: 503, count: 1, pathPrefix: '/services/data' });
    await expect(conn.query('SELECT Id FROM Account')).resolves.toMatchObject({ done: true });
    expect(
      h.server
        .requests()
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([503, 200]);
    h.emulator.faults.add({ kind: 'error', status: 503, count: 1, method: 'POST' });
    expect(await rejection(conn.sobject('Account').create({ Name: 'Retry me' }))).toMatchObject({
      errorCode: 'ERROR_HTTP_503',
    });
    expect((await conn.query("SELECT Id FROM Account WHERE Name = 'Retry me'")).totalSize).toBe(0);
  });

  it('userinfo answers for a live token and refuses a dead one', async () => {
    const info = await h.conn.request<{
      preferred_username: string;
      user_id: string;
      organization_id: string;
    }>(`${h.server.url}/services/oauth2/userinfo`);
    expect(info).toMatchObject({
      preferred_username: h.org.username,
      user_id: h.org.userId,
      organization_id: h.org.orgId,
    });
    h.emulator.identity.revokeAll();
    expect(await rejection(h.conn.request(`${h.server.url}/services/oauth2/userinfo`))).toMatchObject({
      errorCode: 'ERROR_HTTP_403',
    });
  });
});
