import pino from 'pino';
import { SANDBOX_XERO_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator } from '../../../sandbox/xero';
import { CookieJar } from '../../../worker/cli/connectBrowser';
import { loadConfig } from '../../../worker/config';
import { XeroConnectFlow } from '../../../worker/connections/connectXero';
import { buildConnectionServices, type ConnectionServices } from '../../../worker/connections/services';
import type { ConnectTickets } from '../../../worker/installations/connectTickets';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { issueTestTicket, testTickets } from '../../support/connectTickets';
import { freePort } from '../../support/ports';
import { createTestStore, STORE_KINDS } from '../../support/stores';

/**
 * Connecting is never anonymous: the Xero consent flow through the real ingress and the Xero
 * sandbox starts only with a good connect ticket, completes only in the browser that started it,
 * and saves the organisation into the ticket's installation.
 */
describe.each(STORE_KINDS)('connect tickets at the ingress on %s', (kind) => {
  const logger = pino({ level: 'silent' });
  let xeroServer: SandboxServer;
  let store: Store;
  let services: ConnectionServices;
  let tickets: ConnectTickets;
  let ingress: Ingress;
  let tenantId: string;
  let customerA: Installation;
  let clock: Date | undefined;

  beforeAll(async () => {
    const ingressPort = await freePort();
    const emulator = createXeroEmulator();
    ({ tenantId } = emulator.seedDataset({ contacts: 1, invoices: 1, asOf: '2026-11-01' }));
    xeroServer = await startSandboxServer(emulator);
    emulator.identity.registerClient({
      ...SANDBOX_XERO_CLIENT,
      redirectUris: [`http://127.0.0.1:${ingressPort}/oauth/xero/callback`],
    });
    const config = loadConfig({
      SANDBOX_XERO_PORT: String(xeroServer.port),
      INGRESS_PORT: String(ingressPort),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 4).toString('base64')}`,
    });
    store = await createTestStore(kind);
    services = await buildConnectionServices(config, store, logger);
    customerA = await new InstallationStore(store.db).ensure({ slug: 'customer-a' });
    tickets = testTickets(store.db, () => clock ?? new Date());
    const flow = new XeroConnectFlow({
      auth: services.xeroAuth,
      sessions: services.sessions,
      connections: services.connections,
      redirectUri: `${config.ingress.publicUrl}/oauth/xero/callback`,
      onConnected: async () => {},
    });
    ingress = await startIngress({
      host: '127.0.0.1',
      port: ingressPort,
      logger,
      health: { temporal: { address: 'test', namespace: 'default', probe: async () => {} }, store },
      routes: [
        (router) =>
          registerOAuthRoutes(router, { flows: { xero: flow }, tickets, secureCookies: false, logger }),
      ],
    });
  });
  afterAll(async () => {
    await ingress.close();
    await store.close();
    await xeroServer.close();
  });
  afterEach(() => {
    clock = undefined;
  });

  const ticketFor = async (vendor: 'xero' | 'hubspot', slug = 'customer-a') =>
    (await issueTestTicket(store.db, vendor, { slug, tickets })).ticket;

  /** One browser: its own cookies, redirects followed by hand. */
  const browser = () => {
    const jar = new CookieJar();
    const get = async (url: string) => {
      const cookie = jar.headerFor(url);
      const res = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      jar.keep(url, res.headers.getSetCookie());
      return res;
    };
    return {
      get,
      /** Starts with the ticket and approves at the sandbox's consent page: the callback URL. */
      consent: async (ticket: string) => {
        const start = await get(`${ingress.url}/oauth/xero/start?ticket=${ticket}`);
        expect(start.status).toBe(302);
        const authorize = await get(start.headers.get('location') ?? '');
        expect(authorize.status).toBe(302);
        return { start, callbackUrl: authorize.headers.get('location') ?? '' };
      },
    };
  };

  it('refuses a start without a ticket (401) and never creates an attempt', async () => {
    const res = await fetch(`${ingress.url}/oauth/xero/start`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const text = await res.text();
    expect(text).toContain('Connect ticket required');
    expect(text).toContain('the &#34;ticket&#34; parameter is missing');
    expect(res.headers.get('set-cookie')).toBeNull();
    const empty = await fetch(`${ingress.url}/oauth/xero/start?ticket=`, { redirect: 'manual' });
    expect(empty.status).toBe(401);
    expect(await store.db.selectFrom('oauth_sessions').selectAll().execute()).toEqual([]);
  });

  it('refuses an unknown, an expired and an other-vendor ticket', async () => {
    const unknown = await fetch(`${ingress.url}/oauth/xero/start?ticket=${'A'.repeat(43)}`, {
      redirect: 'manual',
    });
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).toContain('This connect link is not valid');

    clock = new Date('2026-11-02T09:00:00Z');
    const stale = await ticketFor('xero');
    clock = new Date('2026-11-02T09:10:00Z');
    const expired = await fetch(`${ingress.url}/oauth/xero/start?ticket=${stale}`, { redirect: 'manual' });
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('has expired');

    const forHubspot = await ticketFor('hubspot');
    const other = await fetch(`${ingress.url}/oauth/xero/start?ticket=${forHubspot}`, { redirect: 'manual' });
    expect(other.status).toBe(403);
    expect(await other.text()).toContain('for connecting another service');
    expect(await store.db.selectFrom('oauth_sessions').selectAll().execute()).toEqual([]);
  });

  it('completes only in the browser that started, into the ticket installation, and the ticket works once', async () => {
    const ticket = await ticketFor('xero');
    const alice = browser();
    const { start, callbackUrl } = await alice.consent(ticket);
    const cookie = start.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^ledgerbridge_oauth_xero=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/oauth\/xero\/callback/);
    expect(cookie).not.toMatch(/Secure/);

    // The state carried to another browser: one without the cookie, one with its own attempt's cookie.
    const stranger = await fetch(callbackUrl);
    expect(stranger.status).toBe(403);
    expect(await stranger.text()).toContain('started in another browser');
    const mallory = browser();
    await mallory.consent(await ticketFor('xero'));
    expect((await mallory.get(callbackUrl)).status).toBe(403);
    // A state nobody started, with a real cookie: refused too.
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'forged-state-value');
    const forgedAnswer = await alice.get(forged.toString());
    expect(forgedAnswer.status).toBe(400);
    expect(await forgedAnswer.text()).toContain('unknown, expired or already used state');
    expect(await services.connections.find('xero', tenantId)).toBeUndefined();

    const done = await alice.get(callbackUrl);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Connected: Demo Company (Global)');
    expect(done.headers.get('set-cookie')).toMatch(/^ledgerbridge_oauth_xero=;/);
    const connection = await services.connections.find('xero', tenantId);
    expect(connection).toMatchObject({ status: 'active', installationId: customerA.id });

    const again = await fetch(`${ingress.url}/oauth/xero/start?ticket=${ticket}`, { redirect: 'manual' });
    expect(again.status).toBe(401);
    expect(await again.text()).toContain('was used already');
  });

  it("refuses to move an organisation connected to one installation into another's (409)", async () => {
    await new InstallationStore(store.db).ensure({ slug: 'customer-b' });
    const bob = browser();
    const { callbackUrl } = await bob.consent(await ticketFor('xero', 'customer-b'));
    const answer = await bob.get(callbackUrl);
    expect(answer.status).toBe(409);
    expect(await answer.text()).toContain('connected to another installation');
    expect((await services.connections.find('xero', tenantId))?.installationId).toBe(customerA.id);
  });
});
