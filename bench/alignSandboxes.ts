import { randomBytes, randomUUID } from 'node:crypto';
import { Client as HubspotClient } from '@hubspot/api-client';
import { Connection as JsforceConnection } from 'jsforce';
import pino from 'pino';
import { Contact, XeroClient } from 'xero-node';
import { startSandboxServer, type RecordedRequest } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createSalesforceEmulator } from '../sandbox/salesforce';
import { createXeroEmulator } from '../sandbox/xero';
import type { AlignmentDeps } from '../worker/alignment/alignmentDeps';
import { AuditLog } from '../worker/audit/auditLog';
import { ConnectionStore } from '../worker/connections/connectionStore';
import { RefreshService } from '../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../worker/connections/secretBox';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { HubspotCrm } from '../worker/connectors/hubspot/hubspotCrm';
import { SALESFORCE_API_VERSION } from '../worker/connectors/salesforce/salesforceApi';
import { SalesforceAuth } from '../worker/connectors/salesforce/salesforceAuth';
import { SalesforceCrm } from '../worker/connectors/salesforce/salesforceCrm';
import { XeroApi } from '../worker/connectors/xero/xeroApi';
import { xeroEndpoints } from '../worker/connectors/xero/xeroEndpoints';
import { InstallationStore } from '../worker/installations/installationStore';
import { SharedPacer } from '../worker/pacing/sharedPacer';
import type { Store } from '../worker/store/store';
import { crmTargets } from '../worker/sync/crmTargets';
import { RecordLinks } from '../worker/sync/recordLinks';
import { ReviewQueue } from '../worker/sync/reviewQueue';

const XERO_CLIENT = { clientId: 'align-sandboxes', clientSecret: 'secret' };
const SF_APP = { consumerKey: 'ALIGN-SANDBOXES-ECA', consumerSecret: 'eca-secret' };
const HS_TOKEN = 'pat-na1-align-sandboxes';

export interface AlignSandboxes {
  slug: string;
  deps: AlignmentDeps;
  tenantId: string;
  connectionIds: { xero: string; salesforce: string; hubspot?: string };
  /** Where the emulators listen (SANDBOX_*_PORT for a CLI in another process). */
  ports: { xero: number; salesforce: number; hubspot?: number };
  /** The vendors' own SDKs on the sandboxes: to plant records, read back, and for the bare baseline. */
  xero: { client: XeroClient; tenantId: string };
  sf(): JsforceConnection;
  hs(): HubspotClient;
  /** Creates Xero contacts (100 a call) and returns their IDs in order. */
  plantXeroContacts(names: string[]): Promise<string[]>;
  /** Creates Salesforce Accounts (200 a call) and returns their IDs in order. */
  plantAccounts(names: string[]): Promise<string[]>;
  /** Creates HubSpot companies (100 a call) and returns their IDs in order. */
  plantCompanies(names: string[]): Promise<string[]>;
  /** CRM write requests the emulators served (POST, PATCH, PUT, DELETE on their APIs). */
  crmWrites(): number;
  close(): Promise<void>;
}

/**
 * Xero, Salesforce and (optionally) HubSpot emulators in this process, connected to one
 * installation of `store`, and the alignment's dependencies over the real connectors, with
 * vendor pacing lifted (the sandboxes lift their quotas too): what is measured is Ledgerbridge.
 */
export async function startAlignSandboxes(
  store: Store,
  options: {
    hubspot?: boolean;
    slug?: string;
    /** The credentials key (LEDGERBRIDGE_ENCRYPTION_KEYS), for a CLI in another process to open them. */
    keyring?: string;
  } = {},
): Promise<AlignSandboxes> {
  const slug = options.slug ?? `align-${randomUUID().slice(0, 8)}`;
  const xeroEmulator = createXeroEmulator({
    rateLimits: { perMinute: 1_000_000, perDay: 10_000_000, concurrent: 100, appPerMinute: 1_000_000 },
  });
  const { tenantId } = xeroEmulator.seedDataset({
    asOf: '2026-11-01',
    tenantId: randomUUID(),
    contacts: 1,
    invoices: 0,
  });
  xeroEmulator.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
  const sfEmulator = createSalesforceEmulator();
  const org = sfEmulator.seedDataset({ accounts: 0, opportunities: 0 });
  sfEmulator.registerApp({ ...SF_APP, username: org.username, clientCredentialsEnabled: true });
  const portalId = 700_000 + Math.floor(Math.random() * 100_000);
  const hsEmulator = options.hubspot ? createHubspotEmulator({ portalId }) : undefined;
  hsEmulator?.registerStaticToken(portalId, HS_TOKEN, HUBSPOT_SCOPES);

  // Every request is kept, so the CRM writes of a phase can be counted (RecordedRequest per call).
  const logged = { requestLogSize: 1_000_000 };
  const servers = {
    xero: await startSandboxServer(xeroEmulator, logged),
    salesforce: await startSandboxServer(sfEmulator, logged),
    hubspot: hsEmulator ? await startSandboxServer(hsEmulator, logged) : undefined,
  };
  const isWrite = (r: RecordedRequest) =>
    r.method !== 'GET' && r.method !== 'HEAD' && !/\/(query|search|batch\/read)|oauth|token/i.test(r.path);

  const connections = new ConnectionStore(
    store.db,
    new SecretBox(parseKeyring(options.keyring ?? `k:${randomBytes(32).toString('base64')}`)),
  );
  const installation = await new InstallationStore(store.db).ensure({ slug });
  const grant = xeroEmulator.identity.issueGrant(XERO_CLIENT.clientId, 'offline_access accounting.contacts');
  const xeroConnection = await connections.save({
    installationId: installation.id,
    vendor: 'xero',
    externalId: tenantId,
    displayName: 'Align Xero org',
    scopes: grant.scope.split(' '),
    tokens: { accessToken: grant.access_token },
  });
  const session = await new SalesforceAuth({
    loginUrl: servers.salesforce.url,
    clientId: SF_APP.consumerKey,
    flow: 'client_credentials',
    clientSecret: SF_APP.consumerSecret,
  }).authorize();
  const sfConnection = await connections.save({
    installationId: installation.id,
    vendor: 'salesforce',
    externalId: session.orgId,
    displayName: 'Align SF org',
    scopes: session.scopes,
    settings: { instanceUrl: session.instanceUrl, userId: session.userId },
    tokens: { accessToken: session.tokens.accessToken },
  });
  const hsConnection = servers.hubspot
    ? await connections.save({
        installationId: installation.id,
        vendor: 'hubspot',
        externalId: String(portalId),
        displayName: 'Align portal',
        scopes: HUBSPOT_SCOPES,
        tokens: { accessToken: HS_TOKEN },
      })
    : undefined;

  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: () => ({ refresh: () => Promise.reject(new Error('sandbox tokens do not expire here')) }),
    logger: pino({ level: 'silent' }),
    marginMs: 60_000,
  });
  const pacer = new SharedPacer(store.db, () => ({
    limits: [{ name: 'minute', limit: 1_000_000, periodMs: 60_000, burst: 10_000 }],
    concurrency: 8,
  }));
  const reviews = new ReviewQueue(store.db);
  const shared = { connections, refresh, pacer, reviews };
  const endpoints = xeroEndpoints({
    mode: 'sandbox',
    baseUrl: servers.xero.url,
    webhookKey: undefined,
    pollEveryMs: 300_000,
  });
  const hubspotBase = servers.hubspot?.url ?? '';
  const deps: AlignmentDeps = {
    db: store.db,
    connections,
    installations: new InstallationStore(store.db),
    xeroApi: (connectionId) => new XeroApi({ endpoints, ...shared, connectionId }),
    crmTargets: crmTargets(connections, {
      salesforce: (connection) => new SalesforceCrm({ connection, ...shared }),
      hubspot: (connection) => new HubspotCrm({ connection, apiBase: hubspotBase, ...shared }),
    }),
    links: new RecordLinks(store.db),
    reviews,
    audit: new AuditLog(store.db),
  };

  const xero = new XeroClient();
  xero.accountingApi.basePath = `${servers.xero.url}/api.xro/2.0`;
  xero.setTokenSet({ access_token: grant.access_token, token_type: 'Bearer' });
  // The seed's own contact is archived: the planted ones are all there is.
  const seeded = await xero.accountingApi.getContacts(tenantId);
  for (const c of seeded.body.contacts ?? [])
    await xero.accountingApi.updateContact(tenantId, c.contactID ?? '', {
      contacts: [{ contactStatus: Contact.ContactStatusEnum.ARCHIVED }],
    });
  const sf = () =>
    new JsforceConnection({
      instanceUrl: session.instanceUrl,
      accessToken: session.tokens.accessToken,
      version: SALESFORCE_API_VERSION,
    });
  const hs = () =>
    new HubspotClient({ accessToken: HS_TOKEN, basePath: hubspotBase, numberOfApiCallRetries: 3 });

  return {
    slug,
    deps,
    tenantId,
    connectionIds: {
      xero: xeroConnection.id,
      salesforce: sfConnection.id,
      ...(hsConnection ? { hubspot: hsConnection.id } : {}),
    },
    ports: {
      xero: servers.xero.port,
      salesforce: servers.salesforce.port,
      ...(servers.hubspot ? { hubspot: servers.hubspot.port } : {}),
    },
    xero: { client: xero, tenantId },
    sf,
    hs,
    async plantXeroContacts(names) {
      const ids: string[] = [];
      for (let i = 0; i < names.length; i += 100) {
        const res = await xero.accountingApi.createContacts(tenantId, {
          contacts: names.slice(i, i + 100).map((name) => ({ name })),
        });
        ids.push(...(res.body.contacts ?? []).map((c) => c.contactID ?? ''));
      }
      return ids;
    },
    async plantAccounts(names) {
      const ids: string[] = [];
      const conn = sf();
      for (let i = 0; i < names.length; i += 200) {
        const results = await conn
          .sobject('Account')
          .create(names.slice(i, i + 200).map((Name) => ({ Name })));
        ids.push(...results.map((r) => (r.success ? r.id : '')));
      }
      return ids;
    },
    async plantCompanies(names) {
      const ids: string[] = [];
      for (let i = 0; i < names.length; i += 100) {
        const res = await hs().crm.companies.batchApi.create({
          inputs: names.slice(i, i + 100).map((name) => ({ properties: { name }, associations: [] })),
        });
        // Batch answers are not in input order: match them back by name (planted names are unique).
        const byName = new Map(res.results.map((c) => [c.properties.name ?? '', c.id]));
        ids.push(...names.slice(i, i + 100).map((n) => byName.get(n) ?? ''));
      }
      return ids;
    },
    crmWrites: () =>
      servers.salesforce.requests().filter(isWrite).length +
      (servers.hubspot?.requests().filter(isWrite).length ?? 0),
    close: async () => {
      for (const s of Object.values(servers)) await s?.close();
    },
  };
}
