import { generateKeyPairSync } from 'node:crypto';
import pino from 'pino';
import { SANDBOX_SALESFORCE_CLIENT } from '../../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createSalesforceEmulator, type SalesforceEmulator } from '../../../sandbox/salesforce';
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
import { SalesforceAuth } from '../../../worker/connectors/salesforce/salesforceAuth';
import { registerOAuthRoutes } from '../../../worker/ingress/oauthRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { issueTestTicket } from '../../support/connectTickets';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, type TestTemporal } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/**
 * Salesforce's server-side connect flows (External Client App: client credentials through the
 * ingress, JWT bearer with a certificate) against the Salesforce sandbox through jsforce.
 */
describe('Connect Salesforce', () => {
  const logger = pino({ level: 'silent' });
  let emulator: SalesforceEmulator;
  let server: SandboxServer;
  let org: SeededOrg;
  let store: Store;
  let services: ConnectionServices;
  let temporal: TestTemporal;
  let ingress: Ingress;

  beforeAll(async () => {
    emulator = createSalesforceEmulator();
    org = emulator.seedDataset({ orgName: 'Acme Sandbox Org', accounts: 3, opportunities: 3 });
    server = await startSandboxServer(emulator);
    emulator.registerApp({
      consumerKey: SANDBOX_SALESFORCE_CLIENT.clientId,
      consumerSecret: SANDBOX_SALESFORCE_CLIENT.clientSecret,
      username: org.username,
      clientCredentialsEnabled: true,
    });
    const config = loadConfig({
      SANDBOX_SALESFORCE_PORT: String(server.port),
      LEDGERBRIDGE_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 5).toString('base64')}`,
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

  it('connects the org by client credentials from /oauth/salesforce/start and renews the session without a refresh token', async () => {
    await temporal.withWorker(async () => {
      const start = `${ingress.url}/oauth/salesforce/start`;
      expect((await fetch(start)).status).toBe(401);
      const { ticket, installationId } = await issueTestTicket(store.db, 'salesforce', { slug: 'acme' });
      const res = await fetch(`${start}?ticket=${ticket}`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Connected: Acme Sandbox Org');
      // The ticket was used up: the same link connects nothing a second time.
      expect((await fetch(`${start}?ticket=${ticket}`)).status).toBe(401);

      const connection = await services.connections.find('salesforce', org.orgId);
      expect(connection).toMatchObject({ status: 'active', displayName: 'Acme Sandbox Org', installationId });
      expect(connection?.settings).toMatchObject({
        instanceUrl: expect.stringContaining('http'),
        userId: org.userId,
      });
      const { tokens, version } = await services.connections.readTokens(connection!.id);
      expect(tokens.refreshToken).toBeUndefined();
      expect(
        (await temporal.client.workflow.getHandle(`connection:${connection!.id}:refresh`).describe()).status
          .name,
      ).toBe('RUNNING');

      // The session expired at Salesforce: a 401 renews it by authorising again.
      emulator.identity.expireAll();
      const renewed = await services.refresh.refresh(connection!.id, { unauthorizedWithVersion: version });
      expect(renewed.outcome).toBe('refreshed');
      const after = await services.connections.readTokens(connection!.id);
      expect(after.tokens.accessToken).not.toBe(tokens.accessToken);
      await expect(
        describeOrg({
          instanceUrl: String(connection!.settings.instanceUrl),
          accessToken: after.tokens.accessToken,
        }),
      ).resolves.toEqual({ name: 'Acme Sandbox Org' });
    });
  });

  it('connects by JWT bearer with the integration user certificate, and a wrong key is invalid_grant', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    emulator.registerApp({
      consumerKey: 'JWT-ECA',
      certificatePem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      username: org.username,
    });
    const auth = new SalesforceAuth({
      loginUrl: server.url,
      clientId: 'JWT-ECA',
      flow: 'jwt_bearer',
      username: org.username,
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const session = await auth.authorize();
    expect(session).toMatchObject({ orgId: org.orgId, userId: org.userId });
    await expect(
      describeOrg({ instanceUrl: session.instanceUrl, accessToken: session.tokens.accessToken }),
    ).resolves.toEqual({
      name: 'Acme Sandbox Org',
    });

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const wrong = new SalesforceAuth({
      loginUrl: server.url,
      clientId: 'JWT-ECA',
      flow: 'jwt_bearer',
      username: org.username,
      privateKeyPem: other.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    await expect(wrong.authorize()).rejects.toMatchObject({ name: 'InvalidGrantError' });
  });
});
