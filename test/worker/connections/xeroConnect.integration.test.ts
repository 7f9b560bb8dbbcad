import { activityDepsFrom } from '../../../worker/activities';
import { SANDBOX_XERO_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../sandbox/xero';
import { loadConfig } from '../../../worker/config';
import { CookieJar } from '../../../worker/cli/connectBrowser';
import { XeroConnectFlow } from '../../../worker/connections/connectXero';
import {
  buildConnectionServices,
  ensureRefreshWorkflow,
  type ConnectionServices,
} from '../../../worker/connections/services';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import { createProbe } from '../../../worker/temporal/connection';
import type { Store } from '../../../worker/store/store';
import { capturedLogger } from '../../support/capturedLogs';
import { issueTestTicket } from '../../support/connectTickets';
import { historyText } from '../../support/history';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, type TestTemporal } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/**
 * The Xero connect flow end to end: the worker's ingress, the real openid-client, the Xero sandbox,
 * the store and a refresh workflow on the real Temporal dev server.
 */
describe('Connect Xero through the ingress', () => {
  const logs = capturedLogger();
  const logger = logs.logger;
  let emulator: XeroEmulator;
  let xeroServer: SandboxServer;
  let store: Store;
  let services: ConnectionServices;
  let temporal: TestTemporal;
  let ingress: Ingress;
  let tenantId: string;

  beforeAll(async () => {
    const ingressPort = await freePort();
    emulator = createXeroEmulator();
    ({ tenantId } = emulator.seedDataset({ contacts: 3, invoices: 3, asOf: '2026-11-01' }));
    xeroServer = await startSandboxServer(emulator);
    emulator.identity.registerClient({
      ...SANDBOX_XERO_CLIENT,
      redirectUris: [`http://127.0.0.1:${ingressPort}/oauth/xero/callback`],
    });
    const config = loadConfig({
      SANDBOX_XERO_PORT: String(xeroServer.port),
      INGRESS_PORT: String(ingressPort),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    });
    store = await createTestStore('pglite');
    services = await buildConnectionServices(config, store, logger);
    temporal = await createTestTemporal((t) => activityDepsFrom(store, services, config, t));
    const flow = new XeroConnectFlow({
      auth: services.xeroAuth,
      sessions: services.sessions,
      connections: services.connections,
      redirectUri: `${config.ingress.publicUrl}/oauth/xero/callback`,
      onConnected: (c) => ensureRefreshWorkflow(temporal.client, temporal.taskQueue, c),
    });
    const probe = createProbe(testEnv('temporalAddress'), 'default');
    ingress = await startIngress({
      host: '127.0.0.1',
      port: ingressPort,
      logger,
      health: {
        temporal: { address: testEnv('temporalAddress'), namespace: 'default', probe: probe.probe },
        store,
      },
      routes: [
        (router) =>
          registerOAuthRoutes(router, {
            flows: { xero: flow },
            tickets: services.tickets,
            secureCookies: false,
            logger,
          }),
      ],
    });
  });
  afterAll(async () => {
    await ingress.close();
    await temporal.close();
    await store.close();
    await xeroServer.close();
  });

  /** The user's browser: the cookie binding the consent to it is sent back to the callback. */
  const jar = new CookieJar();
  const browse = async (url: string | URL) => {
    const cookie = jar.headerFor(url.toString());
    const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    jar.keep(url.toString(), res.headers.getSetCookie());
    return res;
  };

  /** Starts with a connect ticket and follows the consent redirects; returns the callback URL. */
  async function consent(): Promise<string> {
    const { ticket } = await issueTestTicket(store.db, 'xero');
    const start = await browse(`${ingress.url}/oauth/xero/start?ticket=${ticket}`);
    expect(start.status).toBe(302);
    const authorizeUrl = new URL(start.headers.get('location') ?? '');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('scope')).toBe(
      'offline_access accounting.invoices accounting.contacts accounting.payments accounting.settings.read',
    );
    const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(authorize.status).toBe(302);
    return authorize.headers.get('location') ?? '';
  }

  it('connects, stores the tenant with sealed tokens, refreshes once for 20 callers, and parks on a revoked grant', async () => {
    await temporal.withWorker(async () => {
      const callbackUrl = await consent();
      const callback = await browse(callbackUrl);
      expect(callback.status).toBe(200);
      expect(await callback.text()).toContain('Connected: Demo Company (Global)');

      const connection = await services.connections.find('xero', tenantId);
      expect(connection).toMatchObject({ status: 'active', displayName: 'Demo Company (Global)' });
      expect(connection?.scopes).toContain('accounting.invoices');
      const { tokens, version } = await services.connections.readTokens(connection!.id);
      expect(tokens.expiresAt! - Date.now()).toBeGreaterThan(29 * 60_000);
      const workflow = await temporal.client.workflow
        .getHandle(`connection:${connection!.id}:refresh`)
        .describe();
      expect(workflow.status.name).toBe('RUNNING');

      // The same callback again (a replayed state) is refused.
      const replay = await browse(callbackUrl);
      expect(replay.status).toBe(400);
      expect(await replay.text()).toContain('already used');

      // 20 activities that all got a 401 with the same tokens: one refresh at Xero.
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          services.refresh.refresh(connection!.id, { unauthorizedWithVersion: version }),
        ),
      );
      expect(emulator.identity.stats.refreshes).toBe(1);
      expect(outcomes.every((o) => o.outcome === 'refreshed')).toBe(true);
      const after = await services.connections.readTokens(connection!.id);
      expect(after.tokens.refreshToken).not.toBe(tokens.refreshToken);

      // The user disconnects the app in Xero: the next refresh marks the connection, no retry storm.
      emulator.identity.revokeAll();
      const revoked = await services.refresh.refresh(connection!.id, {
        unauthorizedWithVersion: after.version,
      });
      expect(revoked.outcome).toBe('needs_reauth');
      expect(
        await services.refresh.refresh(connection!.id, { unauthorizedWithVersion: after.version }),
      ).toMatchObject({ outcome: 'needs_reauth' });
      expect(emulator.identity.stats.refusedRefreshes).toBe(1);
      expect((await services.connections.get(connection!.id))?.status).toBe('needs_reauth');
      // One audit row (and one alert) for the revocation, however many callers saw it.
      const audited = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'connection_needs_reauth')
        .execute();
      expect(audited).toEqual([
        expect.objectContaining({
          outcome: 'failed',
          subject: expect.objectContaining({ connectionId: connection!.id, vendor: 'xero' }),
        }),
      ]);

      // Reconnecting makes it active again and wakes its refresh workflow.
      expect((await browse(await consent())).status).toBe(200);
      expect((await services.connections.get(connection!.id))?.status).toBe('active');
      const current = await services.connections.readTokens(connection!.id);

      // No token, in any of its versions, in the logs (trace level), the workflow history or audit rows.
      const secrets = [
        tokens.accessToken,
        tokens.refreshToken!,
        after.tokens.accessToken,
        after.tokens.refreshToken!,
        current.tokens.accessToken,
        current.tokens.refreshToken!,
        SANDBOX_XERO_CLIENT.clientSecret,
      ];
      const handle = temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`);
      const places = {
        logs: logs.text(),
        history: await historyText(handle),
        audit: JSON.stringify(await store.db.selectFrom('audit_log').selectAll().execute()),
      };
      expect(places.logs).toContain('tokens refreshed');
      for (const [place, text] of Object.entries(places))
        for (const secret of secrets)
          expect({ place, found: text.includes(secret) }).toEqual({ place, found: false });
      await handle.terminate('test done');
    });
  });

  it('shows an error page for a callback with an unknown state or a refusal', async () => {
    const unknown = await fetch(`${ingress.url}/oauth/xero/callback?code=abc&state=nope`);
    expect(unknown.status).toBe(400);
    const refused = await fetch(`${ingress.url}/oauth/xero/callback?error=access_denied&state=x`);
    expect(await refused.text()).toContain('Xero refused the connection: access_denied');
    expect((await fetch(`${ingress.url}/oauth/hubspot/start`, { redirect: 'manual' })).status).toBe(404);
  });
});
