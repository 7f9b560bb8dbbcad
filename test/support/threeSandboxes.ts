import { randomInt, randomUUID } from 'node:crypto';
import { Client as HubspotClient } from '@hubspot/api-client';
import { Connection as JsforceConnection } from 'jsforce';
import type { MappingSettingsInput } from '../../workflows/domain/mappingSettings';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../../sandbox/hubspot';
import { createSalesforceEmulator, type SalesforceEmulator } from '../../sandbox/salesforce';
import { base62 } from '../../sandbox/salesforce/ids';
import { createXeroEmulator, type XeroEmulator } from '../../sandbox/xero';
import type { XeroSeed } from '../../sandbox/xero/seed';
import type { XeroRateLimits } from '../../sandbox/xero/apiGate';
import type { ConnectionStore } from '../../worker/connections/connectionStore';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import { SALESFORCE_API_VERSION } from '../../worker/connectors/salesforce/salesforceApi';
import { openStore, type Store } from '../../worker/store/store';
import { xeroEventDispatcher, type XeroEventDispatch } from '../../worker/webhooks/xeroEventDispatcher';
import { crmDealDispatcher } from '../../worker/webhooks/crmDealDispatcher';
import { createTestStore } from './stores';
import { SF_APP, syncActivityDeps, XERO_CLIENT } from './syncDeps';
import { createTestTemporal, type TestTemporal } from './temporal';
import { installationOfAccount } from '../../worker/installations/installationOfAccount';
import { connectZohoOrg, startZohoSandbox, type ZohoSandbox } from './zohoSandbox';

export { SF_APP } from './syncDeps';

/** The credentials key of the harness: fixed, so a worker in another process can open them too. */
export const KEYRING = `harness:${Buffer.alloc(32, 3).toString('base64')}`;
export const HS_TOKEN = 'pat-na1-three-sandboxes';
const HS_PORTAL = 606060;

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
  /** The suite's Zoho org, connected as the third CRM, when asked for (`zoho: true`). */
  zoho: ZohoSandbox | undefined;
  /** The PostgreSQL database, when one was given. */
  databaseUrl: string | undefined;
  close(): Promise<void>;
}

/**
 * Xero, Salesforce and HubSpot sandboxes, a test store with all three connected, and a real worker
 * (running) on the Temporal dev server whose CRM targets are the real connectors.
 */
export async function startThreeSandboxes(
  xeroSeed: XeroSeed,
  options: {
    /** A PostgreSQL database (shared with a worker in another process) instead of PGlite. */
    databaseUrl?: string;
    /** false: the test runs the worker itself (`temporal.worker.run()`), when it chooses. */
    runWorker?: boolean;
    /** The Xero emulator's limits, where a test needs more than Xero's 60 calls a minute. */
    xeroRateLimits?: XeroRateLimits;
    /** The mapping settings, read on every load (so a test can change them between steps). */
    settings?: () => MappingSettingsInput;
    /** Zoho CRM connected as well: the same flows run against all three CRMs. */
    zoho?: boolean;
  } = {},
): Promise<ThreeSandboxes> {
  const xero = createXeroEmulator(options.xeroRateLimits ? { rateLimits: options.xeroRateLimits } : {});
  // Every suite of a run shares one Temporal server, and workflow IDs carry the Xero organisation,
  // the Salesforce org and record IDs and the HubSpot record IDs: each suite gets its own of each.
  const { tenantId } = xero.seedDataset({ asOf: '2026-11-01', tenantId: randomUUID(), ...xeroSeed });
  xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  const salesforce = createSalesforceEmulator();
  const org = salesforce.seedDataset({ accounts: 2, opportunities: 2, orgId: uniqueOrgId() });
  salesforce.registerApp({ ...SF_APP, username: org.username, clientCredentialsEnabled: true });
  const hubspot = createHubspotEmulator({ portalId: HS_PORTAL, firstRecordId: uniqueFirstRecordId() });
  hubspot.registerStaticToken(HS_PORTAL, HS_TOKEN, HUBSPOT_SCOPES);
  const servers = {
    xero: await startSandboxServer(xero),
    salesforce: await startSandboxServer(salesforce),
    hubspot: await startSandboxServer(hubspot),
  };
  const zohoSandbox = options.zoho ? await startZohoSandbox() : undefined;

  const store = options.databaseUrl
    ? await openStore({ kind: 'postgres', url: options.databaseUrl })
    : await createTestStore('pglite');
  const urls = {
    xero: servers.xero.url,
    salesforce: servers.salesforce.url,
    hubspot: servers.hubspot.url,
    ...(zohoSandbox ? { zoho: zohoSandbox.server.url } : {}),
  };
  let deps!: ReturnType<typeof syncActivityDeps>;
  const temporal = await createTestTemporal((t) => {
    deps = syncActivityDeps({
      store,
      keyring: KEYRING,
      urls,
      dispatch: xeroEventDispatcher(t.client, t.taskQueue, {
        installationOf: installationOfAccount(store.db),
      }),
      dealDispatch: crmDealDispatcher(t.client, t.taskQueue, {
        installationOf: installationOfAccount(store.db),
      }),
      ...(options.settings ? { settings: options.settings } : {}),
    });
    return deps;
  });
  const { connections, salesforceAuth: sfAuth, dispatchXeroChanges: dispatch } = deps;

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
  const zoho = zohoSandbox ? await connectZohoOrg(zohoSandbox, connections) : undefined;
  const running = options.runWorker === false ? undefined : temporal.worker.run();

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
    zoho,
    databaseUrl: options.databaseUrl,
    sf: () => new JsforceConnection({ ...sfAccess, version: SALESFORCE_API_VERSION }),
    // The tests read through the same portal the worker writes to, so they share its limits (search:
    // a few requests a second): like any other integration, they wait and retry on a 429.
    hs: () =>
      new HubspotClient({ accessToken: HS_TOKEN, basePath: servers.hubspot.url, numberOfApiCallRetries: 3 }),
    close: async () => {
      if (temporal.worker.getState() === 'RUNNING') temporal.worker.shutdown();
      await running;
      await temporal.close();
      await store.close();
      for (const s of Object.values(servers)) await s.close();
      await zohoSandbox?.server.close();
    },
  };
}

/** HubSpot record IDs of their own per suite (as long as real ones), well past hand-written IDs. */
function uniqueFirstRecordId(): number {
  return 10_000_000 + randomInt(0, 1_000_000) * 10_000;
}

/** A random 15-character org ID (2^48 of them: suites of one run never share one). */
function uniqueOrgId(): string {
  return `00D${base62(randomInt(0, 2 ** 48 - 1), 12)}`;
}
