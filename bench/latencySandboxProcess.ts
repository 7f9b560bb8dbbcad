import { startSandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createSalesforceEmulator } from '../sandbox/salesforce';
import { createXeroEmulator } from '../sandbox/xero';
import { HS_TOKEN } from '../test/support/threeSandboxes';
import { SF_APP, XERO_CLIENT } from '../test/support/syncDeps';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { runLoadStep, type LatencyVendors } from './latencyLoad';
import type { LatencySandboxApi } from './latencySandboxRpc';
import { serveRpc } from './processRpc';

/**
 * bench:latency's vendors in a process of their own, as they would be on their own servers: the
 * three emulators (quotas lifted), and the customer's side of the measurement (latencyLoad.ts). The
 * bench drives it over IPC (latencySandboxRpc.ts); the worker under test only sees the vendors' HTTP,
 * so the bench process's CPU and memory are the worker's alone.
 */
const UNLIMITED = 1_000_000_000;
/** Every request of the run stays in the servers' logs: a step counts its calls by kind. */
const REQUEST_LOG_SIZE = 10_000_000;

let vendors: LatencyVendors | undefined;
const ready = (): LatencyVendors => {
  if (!vendors) throw new Error('the sandbox is not started');
  return vendors;
};

const api: LatencySandboxApi = {
  async start({ hsPortal }) {
    const xero = createXeroEmulator({
      rateLimits: { perMinute: UNLIMITED, perDay: UNLIMITED, appPerMinute: UNLIMITED, concurrent: 1_000 },
    });
    const { tenantId } = xero.seedDataset({ seed: 2027, contacts: 300, invoices: 3_000, asOf: '2026-11-01' });
    xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
    const salesforce = createSalesforceEmulator({ dailyApiLimit: UNLIMITED });
    const org = salesforce.seedDataset({ accounts: 0, opportunities: 0 });
    salesforce.registerApp({ ...SF_APP, username: org.username, clientCredentialsEnabled: true });
    const hubspot = createHubspotEmulator({
      portalId: hsPortal,
      rateLimits: { staticPerTenSeconds: UNLIMITED, staticPerDay: UNLIMITED, searchPerSecond: UNLIMITED },
    });
    hubspot.registerStaticToken(hsPortal, HS_TOKEN, HUBSPOT_SCOPES);
    const options = { requestLogSize: REQUEST_LOG_SIZE };
    const servers = {
      xero: await startSandboxServer(xero, options),
      salesforce: await startSandboxServer(salesforce, options),
      hubspot: await startSandboxServer(hubspot, options),
    };
    vendors = { xero, salesforce, hubspot, servers, tenantId, hsPortal };
    const grant = xero.identity.issueGrant(
      XERO_CLIENT.clientId,
      'offline_access accounting.invoices accounting.contacts',
    );
    return {
      urls: { xero: servers.xero.url, salesforce: servers.salesforce.url, hubspot: servers.hubspot.url },
      tenantId,
      xeroGrant: grant,
    };
  },
  webhooks({ url, key }) {
    ready().xero.webhooks.configure({ url, key });
    return Promise.resolve();
  },
  run: (step) => runLoadStep(ready(), step),
  async close() {
    const { servers } = ready();
    await Promise.all([servers.xero.close(), servers.salesforce.close(), servers.hubspot.close()]);
  },
};

serveRpc(api);
