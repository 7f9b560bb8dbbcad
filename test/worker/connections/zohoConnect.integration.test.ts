import { activityDepsFrom } from '../../../worker/activities';
import { SANDBOX_ZOHO_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createZohoEmulator, type ZohoEmulator } from '../../../sandbox/zoho';
import { loadConfig } from '../../../worker/config';
import { CookieJar, followConnectLink } from '../../../worker/cli/connectBrowser';
import { ZOHO_SCOPES } from '../../../worker/connectors/zoho/zohoAuth';
import { ZohoConnectFlow } from '../../../worker/connections/connectZoho';
import {
  buildConnectionServices,
  ensureRefreshWorkflow,
  type ConnectionServices,
} from '../../../worker/connections/services';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { capturedLogger } from '../../support/capturedLogs';
import { issueTestTicket } from '../../support/connectTickets';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, type TestTemporal } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/**
 * The Zoho connect flow end to end: the worker's ingress, the Zoho emulator's multi-DC consent
 * (started at the US accounts server, back with the org's own accounts server), the store, and the
 * refresh workflow on the real Temporal dev server. The flow is built as services.ts builds it,
 * with the field report on the process's audit log and alerter.
 */
describe('Connect Zoho CRM through the ingress', () => {
  const logs = capturedLogger();
  let emulator: ZohoEmulator;
  let zoho: SandboxServer;
  let store: Store;
  let services: ConnectionServices;
  let temporal: TestTemporal;
  let ingress: Ingress;

  beforeAll(async () => {
    const ingressPort = await freePort();
    emulator = createZohoEmulator();
    zoho = await startSandboxServer(emulator);
    emulator.registerClient({
      ...SANDBOX_ZOHO_CLIENT,
      redirectUris: [`http://127.0.0.1:${ingressPort}/oauth/zoho/callback`],
    });
    const config = loadConfig({
      SANDBOX_ZOHO_PORT: String(zoho.port),
      INGRESS_PORT: String(ingressPort),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
    });
    store = await createTestStore('pglite');
    services = await buildConnectionServices(config, store, logs.logger);
    temporal = await createTestTemporal((t) => activityDepsFrom(store, services, config, t));
    const flow = new ZohoConnectFlow({
      auth: services.zohoAuth,
      sessions: services.sessions,
      connections: services.connections,
      installs: services.installs,
      redirectUri: `${config.ingress.publicUrl}/oauth/zoho/callback`,
      onConnected: (c) => ensureRefreshWorkflow(temporal.client, temporal.taskQueue, c),
      fieldReport: {
        audit: services.shared.audit,
        alerter: services.shared.alerter,
        logger: services.logger,
      },
    });
    ingress = await startIngress({
      host: '127.0.0.1',
      port: ingressPort,
      logger: logs.logger,
      health: {
        temporal: { address: testEnv('temporalAddress'), namespace: 'default', probe: async () => {} },
        store,
      },
      routes: [
        (router) =>
          registerOAuthRoutes(router, {
            flows: { zoho: flow },
            tickets: services.tickets,
            secureCookies: false,
            logger: logs.logger,
          }),
      ],
    });
  });
  afterAll(async () => {
    await ingress.close();
    await temporal.close();
    await store.close();
    await zoho.close();
  });

  /** A browser: the cookie binding the consent to it goes back with the callback. */
  const browserOf = (jar = new CookieJar()) => ({
    jar,
    async get(url: string) {
      const cookie = jar.headerFor(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      jar.keep(url, res.headers.getSetCookie());
      return res;
    },
  });

  /** From a connect ticket through Zoho's consent (the org's admin signing in); returns the callback URL. */
  async function consent(browser: ReturnType<typeof browserOf>, orgId: string): Promise<URL> {
    const { ticket } = await issueTestTicket(store.db, 'zoho');
    const start = await browser.get(`${ingress.url}/oauth/zoho/start?ticket=${ticket}`);
    expect(start.status).toBe(302);
    const consentUrl = new URL(start.headers.get('location') ?? '');
    // Consent always starts at the US accounts server, which signs the admin in wherever the org lives.
    expect(`${consentUrl.origin}${consentUrl.pathname}`).toBe(`${zoho.url}/accounts/us/oauth/v2/auth`);
    expect(consentUrl.searchParams.get('scope')).toBe(ZOHO_SCOPES.join(','));
    expect(consentUrl.searchParams.get('access_type')).toBe('offline');
    consentUrl.searchParams.set('sandbox_org', orgId);
    const back = await browser.get(consentUrl.toString());
    expect(back.status).toBe(302);
    return new URL(back.headers.get('location') ?? '');
  }

  const auditRows = (action: string) =>
    store.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();
  const alertLines = (kind: string) =>
    logs
      .text()
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { alert?: boolean; kind?: string; msg?: string })
      .filter((line) => line.alert === true && line.kind === kind);

  it('connects an EU org: its DC, accounts server and API domain saved, tokens sealed, the refresh workflow started', async () => {
    const { orgId } = emulator.createOrg({ dc: 'eu', name: 'Brauhaus Nord GmbH' });
    await temporal.withWorker(async () => {
      const browser = browserOf();
      const callbackUrl = await consent(browser, orgId);
      expect(callbackUrl.searchParams.get('location')).toBe('eu');
      expect(callbackUrl.searchParams.get('accounts-server')).toBe(`${zoho.url}/accounts/eu`);
      const callback = await browser.get(callbackUrl.toString());
      expect(callback.status).toBe(200);
      const page = await callback.text();
      expect(page).toContain('Connected: Brauhaus Nord GmbH');
      expect(page).not.toContain('<li>');

      const connection = await services.connections.find('zoho', orgId);
      expect(connection).toMatchObject({ status: 'active', displayName: 'Brauhaus Nord GmbH' });
      expect(connection?.settings).toEqual({
        dc: 'eu',
        accountsServer: `${zoho.url}/accounts/eu`,
        apiDomain: `${zoho.url}/dc/eu`,
      });
      expect(connection?.scopes).toEqual(expect.arrayContaining(ZOHO_SCOPES));
      const { tokens, version } = await services.connections.readTokens(connection!.id);
      expect(tokens.refreshToken).toBeDefined();
      const handle = temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      // A 401's refresh goes to the EU accounts server (a US one would not know the token).
      expect(
        await services.refresh.refresh(connection!.id, { unauthorizedWithVersion: version }),
      ).toMatchObject({ outcome: 'refreshed' });
      const refreshed = await services.connections.readTokens(connection!.id);
      expect(refreshed.tokens.accessToken).not.toBe(tokens.accessToken);
      expect(await auditRows('zoho_fields_missing')).toEqual([]);

      // No token nor the client secret in the stored row (sealed), the settings or the logs.
      const row = await store.db
        .selectFrom('connections')
        .selectAll()
        .where('id', '=', connection!.id)
        .executeTakeFirstOrThrow();
      const secrets = [
        tokens.accessToken,
        tokens.refreshToken!,
        refreshed.tokens.accessToken,
        SANDBOX_ZOHO_CLIENT.clientSecret,
      ];
      for (const [place, text] of Object.entries({ row: JSON.stringify(row), logs: logs.text() }))
        for (const secret of secrets)
          expect({ place, found: text.includes(secret) }).toEqual({ place, found: false });
      await handle.terminate('test done');
    });
  });

  it('refuses a callback naming an accounts server that is not Zoho’s, and saves nothing', async () => {
    const { orgId } = emulator.createOrg({ dc: 'eu', name: 'Phish Target AG' });
    const browser = browserOf();
    const callbackUrl = await consent(browser, orgId);
    // The code (and later the client secret) would go to whatever server the callback names.
    callbackUrl.searchParams.set('accounts-server', 'https://accounts.zoho.eu.attacker.example');
    const refused = await browser.get(callbackUrl.toString());
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('is not a Zoho accounts server of the sandbox');
    expect(await services.connections.find('zoho', orgId)).toBeUndefined();
  });

  it('refuses the callback in another browser (403), and the consent stays its starter’s', async () => {
    const { orgId } = emulator.createOrg({ dc: 'in', name: 'Chai Traders Pvt Ltd' });
    const browser = browserOf();
    const callbackUrl = await consent(browser, orgId);
    const elsewhere = await browserOf().get(callbackUrl.toString());
    expect(elsewhere.status).toBe(403);
    expect(await services.connections.find('zoho', orgId)).toBeUndefined();
    expect((await browser.get(callbackUrl.toString())).status).toBe(200);
    const connection = await services.connections.find('zoho', orgId);
    expect(connection?.settings).toMatchObject({ dc: 'in' });
    await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).terminate('test done');
  });

  it('connects an org lacking two custom fields, and the audit row, the alert and the page name them', async () => {
    const { orgId } = emulator.createOrg({ dc: 'eu', name: 'Halbfertig GmbH' });
    emulator.hideField(orgId, 'Accounts', 'Xero_Overdue_Amount');
    emulator.hideField(orgId, 'Deals', 'Xero_Payment_Failures');
    // And the optional Xero_Invoices module lacks one of its fields.
    emulator.hideField(orgId, 'Xero_Invoices', 'Online_Invoice_Url');
    // The org's writes ignore a field it lacks, as Zoho ignores unknown fields.
    const deal = emulator.seedRecord(orgId, 'Deals', {
      Deal_Name: 'Probe',
      Stage: 'Qualification',
      Xero_Payment_Failures: 2,
    });
    expect(deal).not.toHaveProperty('Xero_Payment_Failures');

    const browser = browserOf();
    const callback = await browser.get((await consent(browser, orgId)).toString());
    expect(callback.status).toBe(200);
    const page = await callback.text();
    expect(page).toContain('Connected: Halbfertig GmbH');
    expect(page).toContain('Accounts.Xero_Overdue_Amount (absent), Deals.Xero_Payment_Failures (absent)');
    expect(page).toContain('Setup → Customization → Modules and Fields');
    expect(page).toContain('Optional: the Xero_Invoices module');
    expect(page).toContain('Xero_Invoices.Online_Invoice_Url (absent)');

    // Still connected: an admin adds the fields, then its syncs go through.
    const connection = await services.connections.find('zoho', orgId);
    expect(connection).toMatchObject({ status: 'active' });
    expect(await auditRows('zoho_fields_missing')).toEqual([
      expect.objectContaining({
        outcome: 'failed',
        actor: 'worker',
        subject: {
          installationId: connection!.installationId,
          connectionId: connection!.id,
          vendor: 'zoho',
          account: orgId,
        },
        detail: {
          required: ['Accounts.Xero_Overdue_Amount (absent)', 'Deals.Xero_Payment_Failures (absent)'],
          optional: ['Xero_Invoices.Online_Invoice_Url (absent)'],
          where: 'Setup → Customization → Modules and Fields',
        },
      }),
    ]);
    const alerts = alertLines('zoho_fields_missing');
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.msg).toContain(
      'Accounts.Xero_Overdue_Amount (absent), Deals.Xero_Payment_Failures (absent)',
    );
    expect(alerts[0]?.msg).toContain('Modules and Fields');
    await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).terminate('test done');
  });

  it('connects with the browser `npm run connect -- zoho` uses, the sandbox consent signing in its org', async () => {
    const { orgId } = emulator.createOrg({ dc: 'jp', name: 'Sakura Shokai KK' });
    emulator.setConsentOrg(orgId);
    const { ticket } = await issueTestTicket(store.db, 'zoho', { slug: 'cli-zoho' });
    const page = await followConnectLink(`${ingress.url}/oauth/zoho/start?ticket=${ticket}`);
    expect(page).toEqual({
      status: 200,
      text: 'Zoho CRM connected Connected: Sakura Shokai KK. You can close this page.',
    });
    const connection = await services.connections.find('zoho', orgId);
    expect(connection?.settings).toMatchObject({ dc: 'jp', apiDomain: `${zoho.url}/dc/jp` });
    await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).terminate('test done');
  });

  it('connects when the field check cannot reach Zoho, with a warning and a note on the page', async () => {
    const { orgId } = emulator.createOrg({ dc: 'au', name: 'Outback Supplies Pty' });
    emulator.faults.add({
      kind: 'error',
      pathPrefix: '/dc/au/crm/v8/settings/fields',
      count: 1,
      status: 500,
    });
    const before = (await auditRows('zoho_fields_missing')).length;
    const browser = browserOf();
    const callback = await browser.get((await consent(browser, orgId)).toString());
    expect(callback.status).toBe(200);
    expect(await callback.text()).toContain('could not check this org');
    const connection = await services.connections.find('zoho', orgId);
    expect(connection).toMatchObject({ status: 'active' });
    expect(logs.text()).toContain("could not check the Zoho org's custom fields at connect");
    expect(await auditRows('zoho_fields_missing')).toHaveLength(before);
    await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).terminate('test done');
  });
});
