import { createHash, randomBytes } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import type { SalesforceOrg } from '../../../sandbox/salesforce/org';
import {
  API_VERSION,
  APP,
  assertion,
  JWT_BEARER,
  rejection,
  startSalesforce,
  type SalesforceHarness,
} from './harness';

/**
 * Two orgs on one emulator, as two customers' orgs on Salesforce: org A at the root (the harness's),
 * org B at its own instance URL. Tokens are bound to the org that issued them; neither org's session
 * reads or writes the other's records.
 */
const USER_B = 'integration@org-b.example';
const REDIRECT = 'http://127.0.0.1:9/oauth/salesforce/callback';

describe('Salesforce emulator: several orgs, isolated', () => {
  let h: SalesforceHarness;
  let orgB: SalesforceOrg;
  let connB: Connection;

  /** org B's session through the root login endpoint (JWT bearer for org B's user). */
  const loginB = async () => {
    const conn = new Connection({ loginUrl: h.server.url, version: API_VERSION });
    await conn.authorize({
      grant_type: JWT_BEARER,
      assertion: assertion({
        iss: APP.consumerKey,
        sub: USER_B,
        aud: h.server.url,
        exp: Math.floor(h.emulator.clock.now() / 1000) + 180,
        privateKey: h.keys.privateKey,
      }),
    });
    return conn;
  };

  beforeAll(async () => {
    h = await startSalesforce();
    orgB = h.emulator.addOrg({
      seed: 2,
      orgName: 'Customer B',
      username: USER_B,
      accounts: 3,
      opportunities: 4,
    });
    h.emulator.registerApp(
      {
        ...APP,
        certificatePem: h.keys.publicKey,
        username: USER_B,
        scopes: ['api', 'refresh_token'],
        redirectUris: [REDIRECT],
      },
      orgB.orgId,
    );
    connB = await loginB();
  });
  afterAll(() => h.close());

  it('gives each org its own org ID, record IDs, instance URL and identity', async () => {
    expect(orgB.orgId).toMatch(/^00D/);
    expect(orgB.orgId).not.toBe(h.org.orgId);
    expect(orgB.seed.accountIds.filter((id) => h.org.accountIds.includes(id))).toEqual([]);
    expect(connB.instanceUrl).toBe(`${h.server.url}/orgs/${orgB.orgId}`);
    expect(h.conn.instanceUrl).toBe(h.server.url);
    expect(connB.userInfo?.organizationId).toBe(orgB.orgId);

    const identityB = await connB.identity();
    expect(identityB).toMatchObject({
      organization_id: orgB.orgId,
      user_id: orgB.seed.userId,
      username: USER_B,
    });
    expect((await h.conn.identity()).organization_id).toBe(h.org.orgId);
  });

  it("answers client credentials at an org's My Domain with that org's session", async () => {
    const atB = new OAuth2({
      loginUrl: `${h.server.url}/orgs/${orgB.orgId}`,
      clientId: APP.consumerKey,
      clientSecret: APP.consumerSecret,
    });
    const token = await atB.requestToken({ grant_type: 'client_credentials' });
    expect(token.instance_url).toBe(`${h.server.url}/orgs/${orgB.orgId}`);
    expect(token.access_token.startsWith(orgB.orgId.slice(0, 15))).toBe(true);
  });

  it("reads only its own org's records", async () => {
    const ofB = await connB.query<{ Id: string }>('SELECT Id FROM Account');
    expect(ofB.records.map((r) => r.Id).sort()).toEqual([...orgB.seed.accountIds].sort());
    const ofA = await h.conn.query<{ Id: string }>('SELECT Id FROM Account');
    expect(ofA.records.map((r) => r.Id).sort()).toEqual([...h.org.accountIds].sort());
    const err = await rejection(connB.sobject('Account').retrieve(h.org.accountIds[0] as string));
    expect(err).toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it("writes land in the token's own org only", async () => {
    const created = await connB.sobject('Account').create({ Name: 'Only in B' });
    expect(created.success).toBe(true);
    expect((await connB.query(`SELECT Id FROM Account WHERE Name = 'Only in B'`)).totalSize).toBe(1);
    expect((await h.conn.query(`SELECT Id FROM Account WHERE Name = 'Only in B'`)).totalSize).toBe(0);
  });

  it("refuses a token at another org's instance, in both directions", async () => {
    const bAtA = new Connection({
      instanceUrl: h.server.url,
      accessToken: connB.accessToken ?? '',
      version: API_VERSION,
    });
    expect(await rejection(bAtA.query('SELECT Id FROM Account'))).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    const aAtB = new Connection({
      instanceUrl: connB.instanceUrl,
      accessToken: h.conn.accessToken ?? '',
      version: API_VERSION,
    });
    expect(await rejection(aAtB.query('SELECT Id FROM Account'))).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
    // The identity URL names the org: org B's token does not read org A's user.
    const res = await fetch(`${h.server.url}/id/${h.org.orgId}/${h.org.userId}`, {
      headers: { authorization: `Bearer ${connB.accessToken ?? ''}` },
    });
    expect(res.status).toBe(403);
  });

  it("refuses a JWT for org B's user at org A's My Domain", async () => {
    // Org A's own path: only org A answers there, and USER_B is not one of its users.
    const conn = new Connection({ loginUrl: `${h.server.url}/orgs/${h.org.orgId}`, version: API_VERSION });
    const err = await rejection(
      conn.authorize({
        grant_type: JWT_BEARER,
        assertion: assertion({
          iss: APP.consumerKey,
          sub: USER_B,
          aud: h.server.url,
          privateKey: h.keys.privateKey,
        }),
      }),
    );
    expect(err.name).toBe('invalid_grant');
  });

  it("connects the org a consent's login_hint names (web server flow with PKCE)", async () => {
    const verifier = randomBytes(32).toString('base64url');
    const authorize = new URL(`${h.server.url}/services/oauth2/authorize`);
    authorize.search = new URLSearchParams({
      response_type: 'code',
      client_id: APP.consumerKey,
      redirect_uri: REDIRECT,
      scope: 'api refresh_token',
      login_hint: USER_B,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    }).toString();
    const consent = await fetch(authorize, { redirect: 'manual' });
    expect(consent.status).toBe(302);
    const code = new URL(consent.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const oauth2 = new OAuth2({
      loginUrl: h.server.url,
      clientId: APP.consumerKey,
      clientSecret: APP.consumerSecret,
      redirectUri: REDIRECT,
    });
    const token = await oauth2.requestToken(code, { code_verifier: verifier });
    expect(token.instance_url).toBe(`${h.server.url}/orgs/${orgB.orgId}`);
    expect(token.id).toBe(`${h.server.url}/id/${orgB.orgId}/${orgB.seed.userId}`);
    const refreshed = await oauth2.refreshToken(String(token.refresh_token));
    expect(refreshed.instance_url).toBe(token.instance_url);
  });

  it('sends each org its own Closed Won callout, carrying its own org ID', async () => {
    h.emulator.configureOutbound({ targetUrl: 'http://127.0.0.1:9/a', secret: 'secret-a' });
    h.emulator.configureOutbound({ targetUrl: 'http://127.0.0.1:9/b', secret: 'secret-b' }, orgB.orgId);
    const open = orgB.seed.opportunityIds[0] as string;
    await connB.sobject('Opportunity').update({ Id: open, StageName: 'Closed Won' });
    const toB = orgB.outbound.deliveries().map((d) => ({ url: d.url, body: JSON.parse(d.body) as unknown }));
    expect(toB).toEqual([
      {
        url: 'http://127.0.0.1:9/b',
        body: { notices: [expect.objectContaining({ orgId: orgB.orgId, recordId: open })] },
      },
    ]);
    expect(h.emulator.outbound.deliveries()).toEqual([]);
  });

  it('lists the orgs in the control state and drops the added ones on reset', async () => {
    const res = await fetch(`${h.server.url}/__sandbox/orgs`);
    expect(await res.json()).toEqual([
      { orgId: h.org.orgId, username: h.org.username, userId: h.org.userId, path: '/' },
      { orgId: orgB.orgId, username: USER_B, userId: orgB.seed.userId, path: `/orgs/${orgB.orgId}` },
    ]);
    const added = await fetch(`${h.server.url}/__sandbox/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ accounts: 1, opportunities: 0 }),
    });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ username: 'integration+2@ledgerbridge.example' });
    const clash = await fetch(`${h.server.url}/__sandbox/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: USER_B }),
    });
    expect(clash.status).toBe(400);
    expect(h.emulator.orgs()).toHaveLength(3);
    h.emulator.reset();
    expect(h.emulator.orgs().map((o) => o.orgId)).toEqual([h.org.orgId]);
    expect(await rejection(connB.query('SELECT Id FROM Account'))).toMatchObject({ errorCode: 'NOT_FOUND' });
  });
});
