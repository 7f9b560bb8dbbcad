import { startSandboxServer, type SandboxServer } from './core/server';
import { createHubspotEmulator, type HubSpotEmulator } from './hubspot';
import { createSalesforceEmulator, type SalesforceEmulator } from './salesforce';
import { createXeroEmulator, type XeroEmulator } from './xero';
import type { XeroRateLimits } from './xero/apiGate';
import { createSheetsEmulator, type ServiceAccountKeyFile, type SheetsEmulator } from './sheets';
import { createStripeEmulator, type StripeEmulator, type StripeSeedResult } from './stripe';
import { createZohoEmulator, type DataCentre, type ZohoEmulator } from './zoho';

/**
 * The sandbox behind `npm start`: each vendor emulator that is in sandbox mode, on its port, seeded
 * with the same demo company every time (state lives in memory; a restart re-seeds it).
 */
export interface SandboxOptions {
  host: string;
  seed: number;
  /** webhook: where the emulator delivers Xero events, signed with key (the worker's ingress). */
  xero?: { port: number; webhook?: { url: string; key: string }; rateLimits?: XeroRateLimits };
  /** outbound: where the org's Closed Won callout goes (stands in for the package's Flow). */
  salesforce?: { port: number; outbound?: { url: string; secret: string } };
  /** webhook: where the portal's deal/company changes are delivered (signed v3 with the app secret). */
  hubspot?: { port: number; webhookUrl?: string };
  /** Google Sheets (the live audit sheet): a service account and a spreadsheet shared with it. */
  sheets?: { port: number; key?: ServiceAccountKeyFile };
  /** Stripe: a seeded test-mode account; webhook: the worker's endpoint and its whsec_ secret. */
  stripe?: { port: number; webhook?: { url: string; secret: string } };
  /** Zoho CRM: one org in `dc` (default us) behind the emulator's data-centre path prefixes. */
  zoho?: { port: number; dc?: DataCentre };
}

export interface RunningSandbox {
  xero: { url: string; tenantId: string; emulator: XeroEmulator } | undefined;
  hubspot: { url: string; portalId: number; emulator: HubSpotEmulator } | undefined;
  salesforce: { url: string; orgId: string; emulator: SalesforceEmulator } | undefined;
  sheets?: { url: string; spreadsheetId: string; key: ServiceAccountKeyFile; emulator: SheetsEmulator };
  stripe?: { url: string; account: StripeSeedResult; emulator: StripeEmulator };
  zoho?: { url: string; orgId: string; dc: DataCentre; emulator: ZohoEmulator };
  close(): Promise<void>;
}

/** The OAuth app registered in the sandbox so `npm run connect -- xero` works without a Xero account. */
export const SANDBOX_XERO_CLIENT = {
  clientId: 'LEDGERBRIDGE-SANDBOX',
  clientSecret: 'sandbox-secret-not-for-production',
};

/** The External Client App the Salesforce sandbox org trusts (client credentials flow). */
export const SANDBOX_SALESFORCE_CLIENT = {
  clientId: 'LEDGERBRIDGE-SANDBOX-ECA',
  clientSecret: 'sandbox-secret-not-for-production',
};

/** The HubSpot app registered in the sandbox portal (multi-account OAuth). */
export const SANDBOX_HUBSPOT_CLIENT = {
  clientId: 'ledgerbridge-sandbox-app',
  clientSecret: 'sandbox-secret-not-for-production',
};

/** The Zoho API Console client registered in the sandbox (server-based, multi-DC). */
export const SANDBOX_ZOHO_CLIENT = {
  clientId: '1000.LEDGERBRIDGESANDBOX',
  clientSecret: 'sandbox-secret-not-for-production',
};

export async function startSandbox(options: SandboxOptions, ingressUrl: string): Promise<RunningSandbox> {
  const servers: SandboxServer[] = [];
  try {
    let xero: RunningSandbox['xero'];
    if (options.xero) {
      const emulator = createXeroEmulator({
        seed: options.seed,
        ...(options.xero.rateLimits ? { rateLimits: options.xero.rateLimits } : {}),
      });
      const { tenantId } = emulator.seedDataset({ seed: options.seed, contacts: 40, invoices: 120 });
      emulator.identity.registerClient({
        ...SANDBOX_XERO_CLIENT,
        redirectUris: [`${ingressUrl}/oauth/xero/callback`],
      });
      if (options.xero.webhook) emulator.webhooks.configure(options.xero.webhook);
      const server = await startSandboxServer(emulator, { host: options.host, port: options.xero.port });
      servers.push(server);
      xero = { url: server.url, tenantId, emulator };
    }
    let hubspot: RunningSandbox['hubspot'];
    if (options.hubspot) {
      const emulator = createHubspotEmulator({ seed: options.seed });
      const { portalId } = emulator.seedDataset({ seed: options.seed });
      emulator.registerClient({
        ...SANDBOX_HUBSPOT_CLIENT,
        redirectUris: [`${ingressUrl}/oauth/hubspot/callback`],
      });
      if (options.hubspot.webhookUrl)
        // No list: the emulator subscribes what the HubSpot project's webhooks-hsmeta.json does.
        emulator.configureWebhooks({ targetUrl: options.hubspot.webhookUrl });
      const server = await startSandboxServer(emulator, { host: options.host, port: options.hubspot.port });
      servers.push(server);
      hubspot = { url: server.url, portalId, emulator };
    }
    let salesforce: RunningSandbox['salesforce'];
    if (options.salesforce) {
      const emulator = createSalesforceEmulator({ seed: options.seed });
      const org = emulator.seedDataset({ seed: options.seed });
      emulator.registerApp({
        consumerKey: SANDBOX_SALESFORCE_CLIENT.clientId,
        consumerSecret: SANDBOX_SALESFORCE_CLIENT.clientSecret,
        username: org.username,
        clientCredentialsEnabled: true,
      });
      if (options.salesforce.outbound)
        emulator.configureOutbound({
          targetUrl: options.salesforce.outbound.url,
          secret: options.salesforce.outbound.secret,
        });
      const server = await startSandboxServer(emulator, {
        host: options.host,
        port: options.salesforce.port,
      });
      servers.push(server);
      salesforce = { url: server.url, orgId: org.orgId, emulator };
    }
    let sheets: RunningSandbox['sheets'];
    if (options.sheets) {
      const emulator = createSheetsEmulator({ seed: options.seed });
      const { spreadsheetId, key } = emulator.seedDataset(
        options.sheets.key ? { key: options.sheets.key } : {},
      );
      const server = await startSandboxServer(emulator, { host: options.host, port: options.sheets.port });
      servers.push(server);
      sheets = { url: server.url, spreadsheetId, key, emulator };
    }
    let stripe: RunningSandbox['stripe'];
    if (options.stripe) {
      const emulator = createStripeEmulator({ seed: options.seed });
      const account = emulator.seedDataset();
      if (options.stripe.webhook)
        emulator.addWebhookEndpoint(account.accountId, {
          url: options.stripe.webhook.url,
          secret: options.stripe.webhook.secret,
        });
      const server = await startSandboxServer(emulator, { host: options.host, port: options.stripe.port });
      servers.push(server);
      stripe = { url: server.url, account, emulator };
    }
    let zoho: RunningSandbox['zoho'];
    if (options.zoho) {
      const emulator = createZohoEmulator();
      const { orgId, dc } = emulator.seedDataset({ dc: options.zoho.dc ?? 'us' });
      emulator.registerClient({
        ...SANDBOX_ZOHO_CLIENT,
        redirectUris: [`${ingressUrl}/oauth/zoho/callback`],
      });
      const server = await startSandboxServer(emulator, { host: options.host, port: options.zoho.port });
      servers.push(server);
      zoho = { url: server.url, orgId, dc, emulator };
    }
    return {
      xero,
      hubspot,
      salesforce,
      ...(sheets ? { sheets } : {}),
      ...(stripe ? { stripe } : {}),
      ...(zoho ? { zoho } : {}),
      close: async () => void (await Promise.all(servers.map((s) => s.close()))),
    };
  } catch (err) {
    await Promise.all(servers.map((s) => s.close()));
    throw err;
  }
}
