import pino from 'pino';
import { SANDBOX_HUBSPOT_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../../../sandbox/hubspot';
import { activityDepsFrom } from '../../../worker/activities';
import { loadConfig } from '../../../worker/config';
import { CookieJar } from '../../../worker/cli/connectBrowser';
import { HubspotConnectFlow, HubspotStaticTokenFlow } from '../../../worker/connections/connectHubspot';
import { hubspotTokenInfo } from '../../../worker/connections/connectHubspotToken';
import {
  buildConnectionServices,
  ensureRefreshWorkflow,
  type ConnectionServices,
} from '../../../worker/connections/services';
import { describePortal } from '../../../worker/connectors/hubspot/hubspotApi';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { issueTestTicket } from '../../support/connectTickets';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, type TestTemporal } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/**
 * HubSpot's connect flows end to end: OAuth (2026-03 endpoints, state + PKCE) through the worker's
 * ingress and a static token, against the HubSpot sandbox, with the refresh workflow on Temporal.
 */
describe('Connect HubSpot', () => {
  const logger = pino({ level: 'silent' });
  let emulator: HubSpotEmulator;
  let server: SandboxServer;
  let store: Store;
  let services: ConnectionServices;
  let temporal: TestTemporal;
  let ingress: Ingress;

  beforeAll(async () => {
    const ingressPort = await freePort();
    emulator = createHubspotEmulator({ portalId: 778899 });
    emulator.seedDataset({ companies: 2, deals: 2 });
    server = await startSandboxServer(emulator);
    emulator.registerClient({
      ...SANDBOX_HUBSPOT_CLIENT,
      redirectUris: [`http://127.0.0.1:${ingressPort}/oauth/hubspot/callback`],
      scopes: HUBSPOT_SCOPES,
    });
    const config = loadConfig({
      SANDBOX_HUBSPOT_PORT: String(server.port),
      INGRESS_PORT: String(ingressPort),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
    });
    store = await createTestStore('pglite');
    services = await buildConnectionServices(config, store, logger);
    temporal = await createTestTemporal((t) => activityDepsFrom(store, services, config, t));
    const flow = new HubspotConnectFlow({
      auth: services.hubspot.auth!,
      sessions: services.sessions,
      connections: services.connections,
      installs: services.installs,
      describeToken: hubspotTokenInfo(server.url),
      redirectUri: `${config.ingress.publicUrl}/oauth/hubspot/callback`,
      onConnected: (c) => ensureRefreshWorkflow(temporal.client, temporal.taskQueue, c),
    });
    ingress = await startIngress({
      host: '127.0.0.1',
      port: ingressPort,
      logger,
      health: {
        temporal: { address: testEnv('temporalAddress'), namespace: 'default', probe: async () => {} },
        store,
      },
      routes: [
        (router) =>
          registerOAuthRoutes(router, {
            flows: { hubspot: flow },
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
    await server.close();
  });

  /** A browser: what the start sets, it sends back to the callback. */
  const browser = () => {
    const jar = new CookieJar();
    return async (url: string | URL) => {
      const cookie = jar.headerFor(url.toString());
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      jar.keep(url.toString(), res.headers.getSetCookie());
      return res;
    };
  };
  const startUrl = async (slug?: string) => {
    const { ticket } = await issueTestTicket(store.db, 'hubspot', slug ? { slug } : {});
    return `${ingress.url}/oauth/hubspot/start?ticket=${ticket}`;
  };

  it('connects a portal by OAuth, refreshes without rotating the refresh token, and parks when it is revoked', async () => {
    await temporal.withWorker(async () => {
      const browse = browser();
      const start = await browse(await startUrl('portal-owner'));
      expect(start.status).toBe(302);
      const authorizeUrl = new URL(start.headers.get('location') ?? '');
      expect(authorizeUrl.pathname).toBe('/oauth/authorize');
      expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorizeUrl.searchParams.get('scope')?.split(' ')).toEqual(HUBSPOT_SCOPES);
      const consent = await browse(authorizeUrl);
      expect(consent.status).toBe(302);
      const callbackUrl = consent.headers.get('location') ?? '';

      // A code without its PKCE verifier is refused by HubSpot (the sandbox checks it too).
      const callback = await browse(callbackUrl);
      expect(callback.status).toBe(200);
      expect(await callback.text()).toContain('HubSpot connected');

      const owner = await new InstallationStore(store.db).requireBySlug('portal-owner');
      const connection = await services.connections.find('hubspot', '778899');
      expect(connection).toMatchObject({ status: 'active', vendor: 'hubspot', installationId: owner.id });
      expect(connection?.scopes).toEqual(expect.arrayContaining(['crm.objects.deals.write', 'oauth']));
      const { tokens, version } = await services.connections.readTokens(connection!.id);
      expect(tokens.refreshToken).toBeDefined();
      expect(tokens.expiresAt! - Date.now()).toBeGreaterThan(29 * 60_000);
      expect(
        (await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe()).status
          .name,
      ).toBe('RUNNING');

      const refreshed = await services.refresh.refresh(connection!.id, { unauthorizedWithVersion: version });
      expect(refreshed.outcome).toBe('refreshed');
      const after = await services.connections.readTokens(connection!.id);
      expect(after.tokens.accessToken).not.toBe(tokens.accessToken);
      expect(after.tokens.refreshToken).toBe(tokens.refreshToken);
      expect(emulator.oauth.stats.refreshed).toBe(1);

      emulator.oauth.revokeRefreshToken(after.tokens.refreshToken!);
      const revoked = await services.refresh.refresh(connection!.id, {
        unauthorizedWithVersion: after.version,
      });
      expect(revoked).toMatchObject({ outcome: 'needs_reauth' });
      expect((await services.connections.get(connection!.id))?.status).toBe('needs_reauth');
    });
  });

  it('refuses a callback whose code does not match the PKCE challenge', async () => {
    const browse = browser();
    const start = await browse(await startUrl('portal-owner'));
    const authorizeUrl = new URL(start.headers.get('location') ?? '');
    authorizeUrl.searchParams.set('code_challenge', 'A'.repeat(43));
    const consent = await browse(authorizeUrl);
    const callback = await browse(consent.headers.get('location') ?? '');
    expect(callback.status).toBe(400);
    expect(await callback.text()).toContain('Connection failed');
  });

  it('connects a single-account install by static token, reading its portal from account-info', async () => {
    emulator.registerStaticToken(445566, 'pat-na1-static-token', ['crm.objects.deals.read']);
    const flow = new HubspotStaticTokenFlow({
      accessToken: 'pat-na1-static-token',
      connections: services.connections,
      installs: services.installs,
      describePortal: (token) => describePortal(server.url, token),
      onConnected: async () => {},
    });
    const installation = await new InstallationStore(store.db).ensure({ slug: 'static-token-portal' });
    const { connected } = await flow.begin({ installationId: installation.id });
    expect(connected[0]).toMatchObject({
      vendor: 'hubspot',
      externalId: '445566',
      status: 'active',
      installationId: installation.id,
    });
    const { tokens } = await services.connections.readTokens(connected[0]!.id);
    expect(tokens).toEqual({ accessToken: 'pat-na1-static-token' });

    const bad = new HubspotStaticTokenFlow({
      accessToken: 'pat-na1-unknown',
      connections: services.connections,
      installs: services.installs,
      describePortal: (token) => describePortal(server.url, token),
      onConnected: async () => {},
    });
    await expect(bad.begin({ installationId: installation.id })).rejects.toThrow(/401/);
  });
});
