import { randomBytes } from 'node:crypto';
import { Registry } from 'prom-client';
import pino from 'pino';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ConnectionStore } from '../../../worker/connections/connectionStore';
import { RefreshService } from '../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { InvalidGrantError } from '../../../worker/connections/tokenRefresher';
import { HubspotRecordReader } from '../../../worker/connectors/hubspot/hubspotRecordReader';
import { HubspotUserReader } from '../../../worker/connectors/hubspot/hubspotUsers';
import { XeroApi } from '../../../worker/connectors/xero/xeroApi';
import { ZohoWatchChannelStore } from '../../../worker/connectors/zoho/zohoWatchChannelStore';
import { xeroEndpoints } from '../../../worker/connectors/xero/xeroEndpoints';
import type { HubspotAppDeps } from '../../../worker/hubspotApp/hubspotAppDeps';
import type { ConnectTickets } from '../../../worker/installations/connectTickets';
import { InstallationStore } from '../../../worker/installations/installationStore';
import { XeroLedgerReader } from '../../../worker/hubspotApp/xeroLedger';
import { operationsRoutes, publicRoutes, type AppRouteDeps } from '../../../worker/ingress/appRoutes';
import type { ConnectFlows } from '../../../worker/ingress/oauthRoutes';
import type { IngressLimitOverrides } from '../../../worker/ingress/ingressLimits';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Logger } from '../../../worker/logger';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { MappingSettingsStore } from '../../../worker/sync/mappingSettingsStore';
import { AesGcmPayloadCodec } from '../../../worker/temporal/payloadCodec';
import type { CrmDealDispatch } from '../../../worker/webhooks/crmDealDispatcher';
import type { XeroEventDispatch } from '../../../worker/webhooks/xeroEventDispatcher';
import { testTickets } from '../../support/connectTickets';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';

export type XeroChanges = Parameters<XeroEventDispatch>[0];
export type DealChanges = Parameters<CrmDealDispatch>[0];

export interface AppIngress {
  ingress: Ingress;
  operations: Ingress;
  publicUrl: string;
  secrets: AppRouteDeps['secrets'];
  codecToken: string;
  /** The operator's bearer token for POST /connect/tickets on the operations listener. */
  operatorToken: string;
  /** The connect tickets /oauth/{vendor}/start redeems. */
  tickets: ConnectTickets;
  metricsRegistry: Registry;
  /** What the fake dispatchers were handed, batch by batch. */
  handedOver: { xero: XeroChanges[]; deals: DealChanges[] };
  store: Store;
  close(): Promise<void>;
}

export const TEST_SECRETS = {
  xeroWebhookKey: 'xero-webhook-key-for-ingress-tests',
  hubspotClientSecret: 'hubspot-client-secret-for-ingress-tests',
  salesforceCalloutSecret: 'salesforce-callout-secret-for-ingress-tests',
};

/**
 * The worker's public and operations listeners with every route wired as worker/app.ts wires them
 * (ingress/appRoutes.ts), over a real store, with dispatchers that record what they are handed
 * (or the given ones: real dispatchers against an unreachable Temporal, say).
 */
export async function startAppIngress(
  options: {
    secrets?: Partial<AppRouteDeps['secrets']>;
    dispatchXero?: XeroEventDispatch;
    dispatchDeal?: CrmDealDispatch;
    limits?: IngressLimitOverrides;
    metricsToken?: string;
    metricsRegistry?: Registry;
    connectFlows?: ConnectFlows;
    logger?: Logger;
    now?: () => number;
  } = {},
): Promise<AppIngress> {
  const logger = options.logger ?? pino({ level: 'silent' });
  const store = await createTestStore('pglite');
  const handedOver: AppIngress['handedOver'] = { xero: [], deals: [] };
  const dispatchXero: XeroEventDispatch =
    options.dispatchXero ??
    ((changes) => {
      handedOver.xero.push(changes);
      return Promise.resolve(changes.map((c) => `xero:${c.resourceId}`));
    });
  const dispatchDeal: CrmDealDispatch =
    options.dispatchDeal ??
    ((changes) => {
      handedOver.deals.push(changes);
      return Promise.resolve(changes.map((c) => `deal:${c.dealId}`));
    });
  const secrets = { ...TEST_SECRETS, ...options.secrets };
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const codecToken = randomBytes(24).toString('hex');
  const operatorToken = randomBytes(32).toString('hex');
  const tickets = testTickets(store.db);
  const metricsRegistry = options.metricsRegistry ?? new Registry();
  const box = new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`));
  const routeDeps: AppRouteDeps = {
    logger,
    publicUrl,
    codec: {
      codec: new AesGcmPayloadCodec([{ id: 'test', key: Buffer.alloc(32, 3) }]),
      token: codecToken,
      uiOrigins: ['http://127.0.0.1:8233'],
    },
    connectFlows: options.connectFlows ?? {},
    connect: { tickets, installations: new InstallationStore(store.db), operatorToken },
    secrets,
    dispatchXero,
    dispatchDeal,
    hubspotApp: () => hubspotAppDeps(store, dispatchDeal, options.now ?? Date.now),
    // No portal is connected here, so no request reaches a disconnect.
    disconnectConnection: () => Promise.reject(new Error('nothing is connected in these tests')),
    connections: new ConnectionStore(store.db, box),
    // No Zoho org is connected: every callback is refused for its token.
    zoho: { channels: new ZohoWatchChannelStore(store.db, box), audit: new AuditLog(store.db) },
    metrics: { registry: metricsRegistry, temporalMetricsUrl: undefined, publicToken: options.metricsToken },
  };
  const health = {
    store,
    temporal: { address: 'test', namespace: 'default', probe: () => Promise.resolve() },
  };
  const common = { logger, health, ...(options.limits ? { limits: options.limits } : {}) };
  const ingress = await startIngress({ ...common, host: '127.0.0.1', port, routes: publicRoutes(routeDeps) });
  const operations = await startIngress({
    ...common,
    host: '127.0.0.1',
    port: 0,
    routes: operationsRoutes(routeDeps),
  });
  return {
    ingress,
    operations,
    publicUrl,
    secrets,
    codecToken,
    operatorToken,
    tickets,
    metricsRegistry,
    handedOver,
    store,
    close: async () => {
      await ingress.close();
      await operations.close();
      await store.close();
    },
  };
}

/** The HubSpot app's endpoints over the store; no portal is connected, vendors are unreachable. */
function hubspotAppDeps(store: Store, dispatchDeal: CrmDealDispatch, now: () => number): HubspotAppDeps {
  const connections = new ConnectionStore(
    store.db,
    new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
  );
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: () => ({ refresh: () => Promise.reject(new InvalidGrantError('no refresh here')) }),
    logger: pino({ level: 'silent' }),
    marginMs: 60_000,
  });
  const pacer = new SharedPacer(store.db, () => ({
    limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
    concurrency: 5,
  }));
  const vendorDeps = { connections, refresh, pacer };
  return {
    db: store.db,
    connections,
    audit: new AuditLog(store.db),
    settings: new MappingSettingsStore(store.db),
    recordsOf: (connectionId) =>
      new HubspotRecordReader({ ...vendorDeps, connectionId, apiBase: 'http://127.0.0.1:9' }),
    usersOf: (connectionId) =>
      new HubspotUserReader({ ...vendorDeps, connectionId, apiBase: 'http://127.0.0.1:9' }),
    xeroApi: (connectionId) =>
      new XeroApi({
        ...vendorDeps,
        connectionId,
        endpoints: xeroEndpoints({
          mode: 'sandbox',
          baseUrl: 'http://127.0.0.1:9',
          webhookKey: undefined,
          pollEveryMs: 300_000,
        }),
      }),
    ledger: new XeroLedgerReader({ ttlMs: 0, now }),
    dispatchDeal,
    now,
  };
}
