import { Client as HubspotClient } from '@hubspot/api-client';
import { Connection as JsforceConnection } from 'jsforce';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../../sandbox/hubspot';
import { createSalesforceEmulator, type SalesforceEmulator } from '../../sandbox/salesforce';
import { createXeroEmulator, type XeroEmulator } from '../../sandbox/xero';
import type { XeroSeed } from '../../sandbox/xero/seed';
import type { ConnectionStore } from '../../worker/connections/connectionStore';
import type { TokenRefresher } from '../../worker/connections/tokenRefresher';
import { HubspotCrm } from '../../worker/connectors/hubspot/hubspotCrm';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import { SALESFORCE_API_VERSION } from '../../worker/connectors/salesforce/salesforceApi';
import { SalesforceAuth } from '../../worker/connectors/salesforce/salesforceAuth';
import { SalesforceCrm } from '../../worker/connectors/salesforce/salesforceCrm';
import { XeroApi } from '../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../worker/connectors/xero/xeroEndpoints';
import { SharedPacer, type PacePolicy } from '../../worker/pacing/sharedPacer';
import type { Store } from '../../worker/store/store';
import { crmTargets } from '../../worker/sync/crmTargets';
import { ReviewQueue } from '../../worker/sync/reviewQueue';
import { xeroEventDispatcher, type XeroEventDispatch } from '../../worker/webhooks/xeroEventDispatcher';
import { createTestStore } from './stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from './temporal';

const XERO_CLIENT = { clientId: 'three-sandboxes', clientSecret: 'secret' };
export const SF_APP = { consumerKey: 'THREE-SANDBOXES-ECA', consumerSecret: 'eca-secret' };
export const HS_TOKEN = 'pat-na1-three-sandboxes';
const HS_PORTAL = 606060;
const FAST: PacePolicy = {
  limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
  concurrency: 5,
};

export interface ThreeSandboxes {
  xero: XeroEmulator;
  salesforce: SalesforceEmulator;
  hubspot: HubSpotEmulator;
  servers: { xero: SandboxServer; salesforce: SandboxServer; hubspot: SandboxServer };
  store: Store;
  temporal: TestTemporal;
  connections: ConnectionStore;
  tenantId: string;
  /** Hands Xero changes to their record workflows, as the webhook route does. */
  dispatch: XeroEventDispatch;
  /** SDK clients on the CRMs, for reading back what the worker wrote. */
  sf(): JsforceConnection;
  hs(): HubspotClient;
  sfAccess: { instanceUrl: string; accessToken: string };
  close(): Promise<void>;
}

/**
 * Xero, Salesforce and HubSpot sandboxes, a test store with all three connected, and a real worker
 * (running) on the Temporal dev server whose CRM targets are the real connectors.
 */
export async function startThreeSandboxes(xeroSeed: XeroSeed): Promise<ThreeSandboxes> {
  const xero = createXeroEmulator();
  const { tenantId } = xero.seedDataset({ asOf: '2026-11-01', ...xeroSeed });
  xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  const salesforce = createSalesforceEmulator();
  const org = salesforce.seedDataset({ accounts: 2, opportunities: 2 });
  salesforce.registerApp({ ...SF_APP, username: org.username, clientCredentialsEnabled: true });
  const hubspot = createHubspotEmulator({ portalId: HS_PORTAL });
  hubspot.registerStaticToken(HS_PORTAL, HS_TOKEN, HUBSPOT_SCOPES);
  const servers = {
    xero: await startSandboxServer(xero),
    salesforce: await startSandboxServer(salesforce),
    hubspot: await startSandboxServer(hubspot),
  };

  const store = await createTestStore('pglite');
  const endpoints = xeroEndpoints({
    mode: 'sandbox',
    baseUrl: servers.xero.url,
    webhookKey: undefined,
    pollEveryMs: 300_000,
  });
  const sfAuth = new SalesforceAuth({
    loginUrl: servers.salesforce.url,
    clientId: SF_APP.consumerKey,
    flow: 'client_credentials',
    clientSecret: SF_APP.consumerSecret,
  });
  const xeroAuth = new XeroAuth(endpoints, XERO_CLIENT);
  const refresher: TokenRefresher = {
    refresh: (connection, tokens) =>
      (connection.vendor === 'xero' ? xeroAuth : sfAuth).refresh(connection, tokens),
  };
  const pacer = new SharedPacer(store.db, () => FAST);
  const reviews = new ReviewQueue(store.db);
  let connections!: ConnectionStore;
  let dispatch!: XeroEventDispatch;
  const temporal = await createTestTemporal((t) => {
    const deps = testActivityDeps(store, {
      refresher,
      xeroApi: (connectionId) =>
        new XeroApi({ endpoints, connections: deps.connections, refresh: deps.refresh, pacer, connectionId }),
    });
    connections = deps.connections;
    dispatch = xeroEventDispatcher(t.client, t.taskQueue);
    const shared = { connections: deps.connections, refresh: deps.refresh, pacer, reviews };
    return {
      ...deps,
      dispatchXeroChanges: dispatch,
      crmTargetsFor: crmTargets(deps.connections, {
        salesforce: (connection) => new SalesforceCrm({ connection, ...shared }),
        hubspot: (connection) => new HubspotCrm({ connection, apiBase: servers.hubspot.url, ...shared }),
      }),
    };
  });

  const grant = xero.identity.issueGrant(
    XERO_CLIENT.clientId,
    'offline_access accounting.invoices accounting.contacts',
  );
  await connections.save({
    vendor: 'xero',
    externalId: tenantId,
    displayName: 'Xero org',
    scopes: grant.scope.split(' '),
    tokens: {
      accessToken: grant.access_token,
      refreshToken: grant.refresh_token,
      expiresAt: Date.now() + 1_800_000,
    },
  });
  const session = await sfAuth.authorize();
  const sfAccess = { instanceUrl: session.instanceUrl, accessToken: session.tokens.accessToken };
  await connections.save({
    vendor: 'salesforce',
    externalId: session.orgId,
    displayName: 'SF org',
    scopes: session.scopes,
    settings: { instanceUrl: session.instanceUrl, userId: session.userId },
    tokens: session.tokens,
  });
  await connections.save({
    vendor: 'hubspot',
    externalId: String(HS_PORTAL),
    displayName: 'HubSpot portal',
    scopes: HUBSPOT_SCOPES,
    tokens: { accessToken: HS_TOKEN },
  });
  const running = temporal.worker.run();

  return {
    xero,
    salesforce,
    hubspot,
    servers,
    store,
    temporal,
    connections,
    tenantId,
    dispatch,
    sfAccess,
    sf: () => new JsforceConnection({ ...sfAccess, version: SALESFORCE_API_VERSION }),
    hs: () => new HubspotClient({ accessToken: HS_TOKEN, basePath: servers.hubspot.url }),
    close: async () => {
      temporal.worker.shutdown();
      await running;
      await temporal.close();
      await store.close();
      for (const s of Object.values(servers)) await s.close();
    },
  };
}
