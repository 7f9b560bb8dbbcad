import { randomInt, randomUUID } from 'node:crypto';
import { startSandboxServer, type SandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../sandbox/hubspot';
import { SANDBOX_HUBSPOT_CLIENT, SANDBOX_SALESFORCE_CLIENT, SANDBOX_XERO_CLIENT } from '../sandbox';
import { createSalesforceEmulator, type SalesforceEmulator } from '../sandbox/salesforce';
import { base62 } from '../sandbox/salesforce/ids';
import { createXeroEmulator, type XeroEmulator } from '../sandbox/xero';

/**
 * bench:chaos's vendors: the three emulators as `npm start` has them (the sandbox apps registered,
 * webhooks to the worker's ingress), with the vendors' quotas lifted so the run measures losses,
 * not pacing, and webhook retries over minutes (vendors retry for hours) so a restart is survived.
 * Each run gets its own organisation, org and portal IDs: runs may share one Temporal server.
 */
export interface ChaosSandboxSetup {
  ingressUrl: string;
  xeroWebhookKey: string;
  salesforceCalloutSecret: string;
  seedContacts: number;
  seedInvoices: number;
  seed: number;
}

export interface ChaosVendors {
  xero: XeroEmulator;
  salesforce: SalesforceEmulator;
  hubspot: HubSpotEmulator;
  servers: { xero: SandboxServer; salesforce: SandboxServer; hubspot: SandboxServer };
  tenantId: string;
  orgId: string;
  portalId: number;
  close(): Promise<void>;
}

const UNLIMITED = 1_000_000_000;
const WEBHOOK_RETRIES_MS = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000];

export async function startChaosVendors(setup: ChaosSandboxSetup): Promise<ChaosVendors> {
  const xero = createXeroEmulator({
    seed: setup.seed,
    rateLimits: { perMinute: UNLIMITED, perDay: UNLIMITED, appPerMinute: UNLIMITED, concurrent: 10_000 },
    webhookRetryDelaysMs: WEBHOOK_RETRIES_MS,
  });
  const { tenantId } = xero.seedDataset({
    seed: setup.seed,
    tenantId: randomUUID(),
    contacts: setup.seedContacts,
    invoices: setup.seedInvoices,
  });
  xero.identity.registerClient({
    ...SANDBOX_XERO_CLIENT,
    redirectUris: [`${setup.ingressUrl}/oauth/xero/callback`],
  });
  xero.webhooks.configure({ url: `${setup.ingressUrl}/webhooks/xero`, key: setup.xeroWebhookKey });

  const salesforce = createSalesforceEmulator({
    seed: setup.seed,
    dailyApiLimit: UNLIMITED,
    outboundRetryDelaysMs: WEBHOOK_RETRIES_MS,
  });
  const org = salesforce.seedDataset({
    accounts: 0,
    opportunities: 0,
    orgId: `00D${base62(randomInt(0, 2 ** 48 - 1), 12)}`,
  });
  salesforce.registerApp({
    consumerKey: SANDBOX_SALESFORCE_CLIENT.clientId,
    consumerSecret: SANDBOX_SALESFORCE_CLIENT.clientSecret,
    username: org.username,
    clientCredentialsEnabled: true,
  });
  salesforce.configureOutbound({
    targetUrl: `${setup.ingressUrl}/webhooks/salesforce`,
    secret: setup.salesforceCalloutSecret,
  });

  const portalId = randomInt(100_000, 10_000_000);
  const hubspot = createHubspotEmulator({
    seed: setup.seed,
    portalId,
    firstRecordId: 10_000_000 + randomInt(0, 1_000_000) * 10_000,
    rateLimits: {
      oauthPerTenSeconds: UNLIMITED,
      staticPerTenSeconds: UNLIMITED,
      staticPerDay: UNLIMITED,
      searchPerSecond: UNLIMITED,
    },
    webhookRetryDelaysMs: WEBHOOK_RETRIES_MS,
  });
  hubspot.registerClient({
    ...SANDBOX_HUBSPOT_CLIENT,
    redirectUris: [`${setup.ingressUrl}/oauth/hubspot/callback`],
  });
  hubspot.configureWebhooks({
    targetUrl: `${setup.ingressUrl}/webhooks/hubspot`,
    subscriptions: [
      { subscriptionType: 'deal.creation' },
      { subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' },
      { subscriptionType: 'deal.propertyChange', propertyName: 'amount' },
    ],
  });

  const servers = {
    xero: await startSandboxServer(xero, { requestLogSize: 200_000 }),
    salesforce: await startSandboxServer(salesforce, { requestLogSize: 200_000 }),
    hubspot: await startSandboxServer(hubspot, { requestLogSize: 200_000 }),
  };
  return {
    xero,
    salesforce,
    hubspot,
    servers,
    tenantId,
    orgId: String(salesforce.store.orgId),
    portalId,
    close: async () => void (await Promise.all(Object.values(servers).map((s) => s.close()))),
  };
}
