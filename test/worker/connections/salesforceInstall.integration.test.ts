import pino from 'pino';
import { SANDBOX_SALESFORCE_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createSalesforceEmulator } from '../../../sandbox/salesforce';
import type { SeededOrg } from '../../../sandbox/salesforce/seed';
import { activityDepsFrom } from '../../../worker/activities';
import { loadConfig } from '../../../worker/config';
import { SalesforceConnectFlow } from '../../../worker/connections/connectSalesforce';
import {
  buildConnectionServices,
  ensureRefreshWorkflow,
  type ConnectionServices,
} from '../../../worker/connections/services';
import { describeOrg } from '../../../worker/connectors/salesforce/salesforceApi';
import { installationReport } from '../../../worker/installations/installationReport';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { issueOperatorTicket } from '../../../worker/installations/operatorTickets';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { issueTestTicket } from '../../support/connectTickets';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, type TestTemporal } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/**
 * "Connect a new customer": an install ticket for Salesforce (the operator's `npm run connect --
 * salesforce --new-installation`) connects the org through the External Client App into the
 * installation already holding it, else into a new one named after the org, audited; through the
 * ingress, the Salesforce sandbox and the refresh workflow on Temporal.
 */
describe('Install for a Salesforce org', () => {
  const logger = pino({ level: 'silent' });
  let server: SandboxServer;
  let org: SeededOrg;
  let store: Store;
  let services: ConnectionServices;
  let temporal: TestTemporal;
  let ingress: Ingress;

  beforeAll(async () => {
    const emulator = createSalesforceEmulator();
    org = emulator.seedDataset({ orgName: 'Initech Ltd.', accounts: 1, opportunities: 1 });
    server = await startSandboxServer(emulator);
    emulator.registerApp({
      consumerKey: SANDBOX_SALESFORCE_CLIENT.clientId,
      consumerSecret: SANDBOX_SALESFORCE_CLIENT.clientSecret,
      username: org.username,
      clientCredentialsEnabled: true,
    });
    const config = loadConfig({
      SANDBOX_SALESFORCE_PORT: String(server.port),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 6).toString('base64')}`,
    });
    store = await createTestStore('pglite');
    services = await buildConnectionServices(config, store, logger);
    temporal = await createTestTemporal((t) => activityDepsFrom(store, services, config, t));
    const flow = new SalesforceConnectFlow({
      auth: services.salesforceAuth,
      connections: services.connections,
      installs: services.installs,
      describeOrg: (s) => describeOrg({ instanceUrl: s.instanceUrl, accessToken: s.tokens.accessToken }),
      onConnected: (c) => ensureRefreshWorkflow(temporal.client, temporal.taskQueue, c),
    });
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: {
        temporal: { address: testEnv('temporalAddress'), namespace: 'default', probe: async () => {} },
        store,
      },
      routes: [
        (router) =>
          registerOAuthRoutes(router, {
            flows: { salesforce: flow },
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

  const operatorInstallTicket = async (name?: string) =>
    (
      await issueOperatorTicket(
        { installations: new InstallationStore(store.db), tickets: services.tickets },
        { vendor: 'salesforce', newInstallation: { name } },
      )
    ).ticket;
  const start = (ticket: string) => fetch(`${ingress.url}/oauth/salesforce/start?ticket=${ticket}`);

  it('creates the installation named after the org, and a second install finds it', () =>
    temporal.withWorker(async () => {
      const ticket = await operatorInstallTicket();
      const res = await start(ticket);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Connected: Initech Ltd.');
      expect((await start(ticket)).status).toBe(401);

      const connection = await services.connections.find('salesforce', org.orgId);
      expect(connection).toMatchObject({ status: 'active', displayName: 'Initech Ltd.' });
      const installation = await new InstallationStore(store.db).get(connection!.installationId);
      expect(installation).toMatchObject({ slug: 'initech-ltd', name: 'Initech Ltd.', status: 'active' });
      expect(
        (await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe()).status
          .name,
      ).toBe('RUNNING');
      const created = await store.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'installation_created')
        .execute();
      expect(created).toEqual([
        expect.objectContaining({
          actor: 'cli',
          subject: expect.objectContaining({
            installationId: installation!.id,
            vendor: 'salesforce',
            account: org.orgId,
          }),
        }),
      ]);
      expect(await installationReport(store.db)).toEqual([
        expect.objectContaining({
          slug: 'initech-ltd',
          accounts: [expect.objectContaining({ vendor: 'salesforce', externalId: org.orgId })],
        }),
      ]);

      // Connecting the same org as a new customer again (a re-install): the same installation, and
      // the name asked for this time does not rename or duplicate it.
      expect((await start(await operatorInstallTicket('Someone Else'))).status).toBe(200);
      expect((await new InstallationStore(store.db).list()).map((i) => i.slug)).toEqual(['initech-ltd']);
      expect(await services.connections.find('salesforce', org.orgId)).toMatchObject({
        id: connection!.id,
        installationId: installation!.id,
      });
      expect(
        await store.db
          .selectFrom('audit_log')
          .select('id')
          .where('action', '=', 'installation_created')
          .execute(),
      ).toHaveLength(1);
    }));

  it('refuses a ticket of another installation for the org, as before', async () => {
    const { ticket } = await issueTestTicket(store.db, 'salesforce', { slug: 'other-customer' });
    const res = await start(ticket);
    expect(res.status).toBe(409);
    const owner = await new InstallationStore(store.db).requireBySlug('initech-ltd');
    expect(await services.connections.find('salesforce', org.orgId)).toMatchObject({
      installationId: owner.id,
    });
  });
});
