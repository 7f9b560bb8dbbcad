import { SANDBOX_SALESFORCE_CLIENT } from '../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import {
  createSalesforceEmulator,
  type SalesforceEmulator,
  type SalesforceSeed,
  type SeededOrg,
} from '../../sandbox/salesforce';
import { SalesforceConnectFlow } from '../../worker/connections/connectSalesforce';
import { describeOrg } from '../../worker/connectors/salesforce/salesforceApi';
import { startConnectHarness, type ConnectHarness } from './connectHarness';

export interface SalesforceConnectHarness extends ConnectHarness {
  emulator: SalesforceEmulator;
  server: SandboxServer;
  org: SeededOrg;
}

/**
 * A Salesforce sandbox with one org whose External Client App allows client credentials, and the
 * worker connecting it at `/oauth/salesforce/start` (the refresh workflow started on connect).
 */
export async function startSalesforceConnectHarness(seed: SalesforceSeed): Promise<SalesforceConnectHarness> {
  const emulator = createSalesforceEmulator();
  const org = emulator.seedDataset(seed);
  const server = await startSandboxServer(emulator);
  emulator.registerApp({
    consumerKey: SANDBOX_SALESFORCE_CLIENT.clientId,
    consumerSecret: SANDBOX_SALESFORCE_CLIENT.clientSecret,
    username: org.username,
    clientCredentialsEnabled: true,
  });
  const worker = await startConnectHarness({
    env: { SANDBOX_SALESFORCE_PORT: String(server.port) },
    flows: ({ services, onConnected }) => ({
      salesforce: new SalesforceConnectFlow({
        auth: services.salesforceAuth,
        connections: services.connections,
        installs: services.installs,
        describeOrg: (s) => describeOrg({ instanceUrl: s.instanceUrl, accessToken: s.tokens.accessToken }),
        onConnected,
      }),
    }),
  });
  return {
    ...worker,
    emulator,
    server,
    org,
    async close() {
      await worker.close();
      await server.close();
    },
  };
}
