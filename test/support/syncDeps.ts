import pino from 'pino';
import type { MappingSettingsInput } from '../../workflows/domain/mappingSettings';
import type { ActivityDeps } from '../../worker/activities';
import { AuditLog } from '../../worker/audit/auditLog';
import { ConnectionStore } from '../../worker/connections/connectionStore';
import { RefreshService } from '../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../worker/connections/secretBox';
import type { TokenRefresher } from '../../worker/connections/tokenRefresher';
import { HubspotCrm } from '../../worker/connectors/hubspot/hubspotCrm';
import { SalesforceAuth } from '../../worker/connectors/salesforce/salesforceAuth';
import { SalesforceCrm } from '../../worker/connectors/salesforce/salesforceCrm';
import { OnlineInvoiceUrls } from '../../worker/connectors/xero/onlineInvoiceUrls';
import { XeroApi } from '../../worker/connectors/xero/xeroApi';
import { zohoAuthFor } from '../../worker/connectors/zoho/zohoAuthFor';
import { ZohoCrm } from '../../worker/connectors/zoho/zohoCrm';
import { XeroAuth } from '../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../worker/connectors/xero/xeroEndpoints';
import { SharedPacer, type PacePolicy } from '../../worker/pacing/sharedPacer';
import type { Store } from '../../worker/store/store';
import { crmTargets } from '../../worker/sync/crmTargets';
import { MappingSettingsStore } from '../../worker/sync/mappingSettingsStore';
import { ReviewQueue } from '../../worker/sync/reviewQueue';
import { ReviewWaits } from '../../worker/reviews/reviewWaits';
import { dealOriginLookup } from '../../worker/sync/dealInvoices';
import { PaymentFailures } from '../../worker/sync/paymentFailures';
import { RecordLinks } from '../../worker/sync/recordLinks';
import { SyncCursors } from '../../worker/sync/syncCursors';
import { ShadowPlans } from '../../worker/parity/shadowPlans';
import type { XeroEventDispatch } from '../../worker/webhooks/xeroEventDispatcher';
import type { CrmDealDispatch } from '../../worker/webhooks/crmDealDispatcher';

export const XERO_CLIENT = { clientId: 'three-sandboxes', clientSecret: 'secret' };
export const SF_APP = { consumerKey: 'THREE-SANDBOXES-ECA', consumerSecret: 'eca-secret' };
const FAST: PacePolicy = {
  limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
  concurrency: 5,
};

export interface SandboxUrls {
  xero: string;
  salesforce: string;
  hubspot: string;
  /** The Zoho emulator, where the suite connects a Zoho org too (test/support/zohoSandbox.ts). */
  zoho?: string;
}

/**
 * The activity dependencies of a worker syncing Xero into both CRM sandboxes through the real
 * connectors. No jest in here: a worker in a child process builds the same (see workerProcess.ts).
 */
export function syncActivityDeps(input: {
  store: Store;
  keyring: string;
  urls: SandboxUrls;
  dispatch: XeroEventDispatch;
  /** Hands CRM deal changes to their workflows (the won-deal poll uses it). */
  dealDispatch?: CrmDealDispatch;
  /** The mapping settings every tenant gets (read on each load; default: those saved in the store). */
  settings?: () => MappingSettingsInput;
}): ActivityDeps & { salesforceAuth: SalesforceAuth } {
  const { store, urls } = input;
  const connections = new ConnectionStore(store.db, new SecretBox(parseKeyring(input.keyring)));
  const endpoints = xeroEndpoints({
    mode: 'sandbox',
    baseUrl: urls.xero,
    webhookKey: undefined,
    pollEveryMs: 300_000,
  });
  const salesforceAuth = new SalesforceAuth({
    loginUrl: urls.salesforce,
    clientId: SF_APP.consumerKey,
    flow: 'client_credentials',
    clientSecret: SF_APP.consumerSecret,
  });
  const xeroAuth = new XeroAuth(endpoints, XERO_CLIENT);
  const zohoAuth = urls.zoho ? zohoAuthFor({ mode: 'sandbox', baseUrl: urls.zoho }) : undefined;
  const refresher: TokenRefresher = {
    refresh: (connection, tokens) =>
      (connection.vendor === 'xero'
        ? xeroAuth
        : connection.vendor === 'zoho' && zohoAuth
          ? zohoAuth
          : salesforceAuth
      ).refresh(connection, tokens),
  };
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: () => refresher,
    logger: pino({ level: 'silent' }),
    marginMs: 60_000,
  });
  const pacer = new SharedPacer(store.db, () => FAST);
  const shared = { connections, refresh, pacer, reviews: new ReviewQueue(store.db) };
  const onlineUrls = new OnlineInvoiceUrls();
  const mappingSettings = new MappingSettingsStore(store.db);
  return {
    store,
    connections,
    refresh,
    refresherFor: () => refresher,
    audit: new AuditLog(store.db),
    loadSettings: input.settings ? () => Promise.resolve(input.settings?.() ?? {}) : mappingSettings.load,
    cursors: new SyncCursors(store.db),
    shadowPlans: new ShadowPlans(store.db),
    mappingSettings,
    dispatchXeroChanges: input.dispatch,
    dealOrigin: dealOriginLookup(store.db, connections),
    ...(input.dealDispatch ? { dispatchDealChanges: input.dealDispatch } : {}),
    paymentFailures: new PaymentFailures(store.db),
    links: new RecordLinks(store.db),
    reviewWaits: new ReviewWaits(store.db),
    xeroApi: (connectionId) =>
      new XeroApi({ endpoints, connections, refresh, pacer, connectionId, onlineUrls }),
    crmTargets: crmTargets(connections, {
      salesforce: (connection) => new SalesforceCrm({ connection, ...shared }),
      hubspot: (connection) => new HubspotCrm({ connection, apiBase: urls.hubspot, ...shared }),
      zoho: (connection) => new ZohoCrm({ connection, ...shared }),
    }),
    salesforceAuth,
  };
}
