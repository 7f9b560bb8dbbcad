import pino from 'pino';
import { SANDBOX_XERO_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../sandbox/xero';
import { ConsentChoiceNeededError, followConnectLink } from '../../../worker/cli/connectBrowser';
import { organisationChooser } from '../../../worker/cli/organisationChoice';
import { loadConfig } from '../../../worker/config';
import { XeroConnectFlow } from '../../../worker/connections/connectXero';
import { buildConnectionServices, type ConnectionServices } from '../../../worker/connections/services';
import { InstallationStore, type Installation } from '../../../worker/installations/installationStore';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { issueTestTicket } from '../../support/connectTickets';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';

/**
 * `npm run connect -- xero --installation demo-hubspot` with npm start's two demo installations:
 * the sandbox's Xero hosts several organisations, each held by an installation, so the consent must
 * grant only the one the operator picks; a grant of every organisation was refused with 409.
 */
describe('connecting a chosen Xero organisation when the sandbox hosts several', () => {
  const logger = pino({ level: 'silent' });
  let emulator: XeroEmulator;
  let xeroServer: SandboxServer;
  let store: Store;
  let services: ConnectionServices;
  let ingress: Ingress;
  let demoHubspot: Installation;
  let global: string;
  let au: string;

  beforeAll(async () => {
    const ingressPort = await freePort();
    emulator = createXeroEmulator();
    global = emulator.seedDataset({ contacts: 1, invoices: 1, asOf: '2026-11-01' }).tenantId;
    au = emulator.seedDataset({
      seed: 43,
      tenantName: 'Demo Company (AU)',
      contacts: 1,
      invoices: 1,
    }).tenantId;
    xeroServer = await startSandboxServer(emulator);
    emulator.identity.registerClient({
      ...SANDBOX_XERO_CLIENT,
      redirectUris: [`http://127.0.0.1:${ingressPort}/oauth/xero/callback`],
    });
    const config = loadConfig({
      SANDBOX_XERO_PORT: String(xeroServer.port),
      INGRESS_PORT: String(ingressPort),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
    });
    store = await createTestStore('pglite');
    services = await buildConnectionServices(config, store, logger);
    const installations = new InstallationStore(store.db);
    demoHubspot = await installations.ensure({ slug: 'demo-hubspot' });
    const demoSalesforce = await installations.ensure({ slug: 'demo-salesforce' });
    for (const [installationId, tenantId] of [
      [demoHubspot.id, global],
      [demoSalesforce.id, au],
    ] as const)
      await services.connections.save({
        installationId,
        vendor: 'xero',
        externalId: tenantId,
        displayName: emulator.store.tenant(tenantId)?.name ?? tenantId,
        scopes: [],
        tokens: { accessToken: 'held-by-the-demo' },
      });
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
      health: { temporal: { address: 'unused', namespace: 'default', probe: async () => {} }, store },
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
    await store.close();
    await xeroServer.close();
  });

  const startLink = async () => {
    const { ticket } = await issueTestTicket(store.db, 'xero', { slug: 'demo-hubspot' });
    return `${ingress.url}/oauth/xero/start?ticket=${ticket}`;
  };
  const xeroOf = async (installationId: string) =>
    (await services.connections.list({ installationId }))
      .filter((c) => c.vendor === 'xero')
      .map((c) => c.externalId)
      .sort();

  it('without a choice the consent page is not approved, and names what it offers', async () => {
    const refused = followConnectLink(await startLink());
    await expect(refused).rejects.toBeInstanceOf(ConsentChoiceNeededError);
    await expect(refused).rejects.toMatchObject({
      offered: [
        { value: global, label: 'Demo Company (Global)' },
        { value: au, label: 'Demo Company (AU)' },
      ],
    });
    // The CLI without a terminal refuses with the list and the flag to use.
    await expect(
      followConnectLink(await startLink(), { choose: organisationChooser(undefined) }),
    ).rejects.toThrow(/--organisation <name\|id>[\s\S]*Demo Company \(AU\)/);
    expect(await xeroOf(demoHubspot.id)).toEqual([global]);
  });

  it('an organisation another installation holds is still refused, and nothing moves', async () => {
    const page = await followConnectLink(await startLink(), { choose: organisationChooser(au) });
    expect(page.status).toBe(409);
    expect(page.text).toContain('disconnect it there first');
    expect(await xeroOf(demoHubspot.id)).toEqual([global]);
  });

  it('a new organisation, picked by name, joins the installation with a grant of it alone', async () => {
    const nz = emulator.seedDataset({ seed: 44, tenantName: 'Acme NZ', contacts: 1, invoices: 1 }).tenantId;
    const page = await followConnectLink(await startLink(), { choose: organisationChooser(' acme nz ') });
    expect(page).toEqual({ status: 200, text: expect.stringContaining('Connected: Acme NZ') });
    expect(await xeroOf(demoHubspot.id)).toEqual([global, nz].sort());

    const connection = await services.connections.find('xero', nz);
    const { tokens } = await services.connections.readTokens(connection?.id ?? '');
    const granted = await fetch(`${xeroServer.url}/connections`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(((await granted.json()) as Array<{ tenantId: string }>).map((t) => t.tenantId)).toEqual([nz]);
  });

  it('the terminal prompt takes the number of an organisation in the list', async () => {
    const asked: string[] = [];
    const choose = organisationChooser(undefined, async (question) => {
      asked.push(question);
      return '2';
    });
    const offered = [
      { value: 'id-1', label: 'One' },
      { value: 'id-2', label: 'Two' },
    ];
    await expect(choose(offered)).resolves.toEqual([{ value: 'id-2', label: 'Two' }]);
    expect(asked[0]).toContain('2) Two (id-2)');
    await expect(organisationChooser('Three')(offered)).rejects.toThrow(/no organisation "Three"/);
    await expect(
      organisationChooser('Twin')([
        { value: 'a', label: 'Twin' },
        { value: 'b', label: 'twin' },
      ]),
    ).rejects.toThrow(/give its ID/);
  });
});
