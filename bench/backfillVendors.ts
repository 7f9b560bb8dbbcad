import { startSandboxServer, type SandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createSalesforceEmulator } from '../sandbox/salesforce';
import { createXeroEmulator } from '../sandbox/xero';
import { mappingSettingsSchema } from '../workflows/domain/mappingSettings';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';

/**
 * bench:backfill's vendors: the Xero sandbox seeded with the organisation to load, an empty
 * Salesforce org (a client-credentials app) and an empty HubSpot portal (a static token), each at
 * its vendor's own default rate limits. Runs in the vendors' process (backfillVendorsProcess.ts).
 */
export interface BackfillVendorsSetup {
  contacts: number;
  invoices: number;
  seed: number;
}

export const BENCH_PORTAL_ID = 4242;
export const BENCH_HUBSPOT_TOKEN = 'pat-bench';
export const BENCH_SALESFORCE_APP = { consumerKey: 'BENCH', consumerSecret: 'bench' };

export interface BackfillVendorsInfo {
  urls: { xero: string; salesforce: string; hubspot: string };
  tenantId: string;
  xeroGrant: { accessToken: string; refreshToken: string };
  /** Invoices the default invoice rules turn into deals. */
  qualifying: number;
}

export interface BackfillVendors {
  info: BackfillVendorsInfo;
  servers: { xero: SandboxServer; salesforce: SandboxServer; hubspot: SandboxServer };
  close(): Promise<void>;
}

export async function startBackfillVendors(setup: BackfillVendorsSetup): Promise<BackfillVendors> {
  const xero = createXeroEmulator();
  const { tenantId } = xero.seedDataset({
    seed: setup.seed,
    contacts: setup.contacts,
    invoices: setup.invoices,
    asOf: '2026-11-01',
  });
  xero.identity.registerClient({ clientId: 'bench', clientSecret: 'bench', redirectUris: [] });
  const grant = xero.identity.issueGrant('bench', 'offline_access accounting.invoices accounting.contacts');
  const salesforce = createSalesforceEmulator();
  const org = salesforce.seedDataset({ accounts: 0, opportunities: 0 });
  salesforce.registerApp({ ...BENCH_SALESFORCE_APP, username: org.username, clientCredentialsEnabled: true });
  const hubspot = createHubspotEmulator({ portalId: BENCH_PORTAL_ID });
  hubspot.registerStaticToken(BENCH_PORTAL_ID, BENCH_HUBSPOT_TOKEN, HUBSPOT_SCOPES);

  const rules = mappingSettingsSchema.parse({}).invoiceRules;
  const qualifying = [...xero.store.invoices.values()].filter(
    (i) => i.tenantId === tenantId && rules.types.includes(i.type) && rules.statuses.includes(i.status),
  ).length;
  const servers = {
    xero: await startSandboxServer(xero, { requestLogSize: 1_000_000 }),
    salesforce: await startSandboxServer(salesforce, { requestLogSize: 1_000_000 }),
    hubspot: await startSandboxServer(hubspot, { requestLogSize: 1_000_000 }),
  };
  return {
    info: {
      urls: { xero: servers.xero.url, salesforce: servers.salesforce.url, hubspot: servers.hubspot.url },
      tenantId,
      xeroGrant: { accessToken: grant.access_token, refreshToken: grant.refresh_token },
      qualifying,
    },
    servers,
    close: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))),
  };
}
