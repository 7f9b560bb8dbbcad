import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { startSalesforce, APP, type SalesforceHarness } from './harness';

/**
 * @salesforce/core's JWT flow against the emulator: AuthInfo signs the assertion itself (jsonwebtoken,
 * aud tried as the login URL first), then calls /services/oauth2/userinfo's neighbours (the
 * ScratchOrgInfo dev-hub probe, the Organization query) and saves the auth file under ~/.sfdx, so
 * the home directory is a throwaway one (os.homedir is stubbed: jest's process.env does not reach it).
 */
describe('Salesforce emulator through @salesforce/core', () => {
  let h: SalesforceHarness;
  let home: string;
  const saved = {
    HOME: process.env.HOME,
    SF_USE_GENERIC_UNIX_KEYCHAIN: process.env.SF_USE_GENERIC_UNIX_KEYCHAIN,
  };
  beforeAll(async () => {
    home = mkdtempSync(path.join(tmpdir(), 'sf-home-'));
    process.env.HOME = home;
    jest.spyOn(os, 'homedir').mockReturnValue(home);
    mkdirSync(path.join(home, '.sfdx'));
    mkdirSync(path.join(home, '.sf'));
    // @salesforce/core creates this on ENOENT, but checks `instanceof Error`, which fails across jest's realms.
    writeFileSync(path.join(home, '.sfdx', 'alias.json'), JSON.stringify({ orgs: {} }));
    process.env.SF_USE_GENERIC_UNIX_KEYCHAIN = 'true';
    process.env.SF_DISABLE_TELEMETRY = 'true';
    // AuthInfo polls DNS for the instance host (up to 240 s); 127.0.0.1 needs no wait.
    process.env.SF_DOMAIN_RETRY = '0';
    h = await startSalesforce();
  });
  afterAll(async () => {
    await h.close();
    process.env.HOME = saved.HOME;
    jest.restoreAllMocks();
    if (saved.SF_USE_GENERIC_UNIX_KEYCHAIN === undefined) delete process.env.SF_USE_GENERIC_UNIX_KEYCHAIN;
    // The throwaway home stays: @salesforce/core keeps a file lock in it alive on a timer (it stats
    // the lock file every few seconds), and removing the folder under it fails that stat in
    // whichever suite this jest worker runs next. It is a few KB in the OS temp folder.
  });

  // ~10 s of this is @salesforce/core saving the auth file (a file lock it waits out), not the emulator.
  it('AuthInfo.create with a private key runs the JWT bearer flow; Connection queries the org', async () => {
    const { AuthInfo, Connection } = await import('@salesforce/core');
    const keyFile = path.join(home, 'server.key');
    writeFileSync(keyFile, h.keys.privateKey);
    const authInfo = await AuthInfo.create({
      username: h.org.username,
      oauth2Options: { loginUrl: h.server.url, clientId: APP.consumerKey, privateKeyFile: keyFile },
    });
    const fields = authInfo.getFields();
    expect(fields).toMatchObject({ orgId: h.org.orgId, instanceUrl: h.server.url, username: h.org.username });
    // The dev-hub probe (SELECT Id FROM ScratchOrgInfo) failed as on a non-Dev Hub org.
    expect(fields.isDevHub).toBe(false);
    const conn = await Connection.create({ authInfo });
    conn.setApiVersion('62.0');
    const org = await conn.singleRecordQuery<{ Name: string; OrganizationType: string }>(
      'SELECT Name, OrganizationType FROM Organization',
    );
    expect(org).toMatchObject({ Name: 'Ledgerbridge Demo Org', OrganizationType: 'Enterprise Edition' });
    const probe = h.server
      .requests()
      .find((r) => r.path.endsWith('/query') && r.query.includes('ScratchOrgInfo'));
    expect(probe?.status).toBe(400);
  });
});
