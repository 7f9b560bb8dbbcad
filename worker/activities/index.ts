import type { ConnectionStore } from '../connections/connectionStore';
import type { ConnectionServices } from '../connections/services';
import type { RefreshService } from '../connections/refreshService';
import type { TokenRefresher } from '../connections/tokenRefresher';
import type { Store } from '../store/store';
import { createConnectionActivities } from './connections';
import { createSystemActivities } from './system';
import { createXeroSyncActivities, type XeroSyncDeps } from './xeroSync';
import { createDealToXeroActivities } from './dealToXero';
import { createTimelineActivities } from './timelineActivities';
import { createCrmWonPollActivities, type CrmWonPollDeps } from './crmWonPoll';
import { createXeroPollActivities, type XeroPollDeps } from './xeroPoll';
import { createBackfillActivities, type BackfillDeps } from './backfill';
import { createParityActivities } from './parity';
import { ShadowPlans } from '../parity/shadowPlans';
import { SyncCursors } from '../sync/syncCursors';
import { xeroEventDispatcher } from '../webhooks/xeroEventDispatcher';
import { crmDealDispatcher } from '../webhooks/crmDealDispatcher';
import type { Client } from '@temporalio/client';
import { XeroApi } from '../connectors/xero/xeroApi';
import { OnlineInvoiceUrls } from '../connectors/xero/onlineInvoiceUrls';
import { xeroEndpoints } from '../connectors/xero/xeroEndpoints';
import type { Config } from '../config';
import { crmTargets } from '../sync/crmTargets';
import { ReviewQueue } from '../sync/reviewQueue';
import { ReviewWaits } from '../reviews/reviewWaits';
import { dealOriginLookup } from '../sync/dealInvoices';
import { PaymentFailures } from '../sync/paymentFailures';
import { HubspotCrm } from '../connectors/hubspot/hubspotCrm';
import { SalesforceCrm } from '../connectors/salesforce/salesforceCrm';
import { ZohoCrm } from '../connectors/zoho/zohoCrm';
import { installationOfAccount } from '../installations/installationOfAccount';
import { createStripeActivities, type StripeActivityDeps } from '../payments/stripeActivities';
import { collectionDepsFrom } from '../payments/collections/collectionDeps';
import { createCollectionActivities } from '../payments/collections/collectionActivities';
import {
  createReceivablesActivities,
  type ReceivablesDeps,
} from '../payments/collections/receivablesActivities';

export interface ActivityDeps extends XeroSyncDeps, XeroPollDeps, BackfillDeps, CrmWonPollDeps {
  store: Store;
  connections: ConnectionStore;
  refresh: RefreshService;
  refresherFor(vendor: string): TokenRefresher;
  /** Collections and nightly receivables (issue #22); absent where a test does not run them. */
  collections?: ReceivablesDeps;
  /** The Stripe object workflow's activities' own parts; absent where Stripe is not served. */
  stripe?: StripeActivityDeps['stripe'];
}

/** The activity dependencies, from the store and the connection services (with the shared ones). */
export function activityDepsFrom(
  store: Store,
  services: ConnectionServices,
  config: Config,
  /** Where sync work is started: the worker's own client and task queue. */
  temporal: { client: Client; taskQueue: string },
  stripe?: StripeActivityDeps['stripe'],
): ActivityDeps {
  const { pacer, audit, mappingSettings, links } = services.shared;
  const onlineUrls = new OnlineInvoiceUrls();
  const installationOf = installationOfAccount(store.db);
  const endpoints = xeroEndpoints(config.vendors.xero);
  const shared = {
    connections: services.connections,
    refresh: services.refresh,
    pacer,
    reviews: new ReviewQueue(store.db),
  };
  const deps: ActivityDeps = {
    store,
    connections: services.connections,
    refresh: services.refresh,
    refresherFor: (vendor) => services.refreshers.for(vendor),
    audit,
    loadSettings: mappingSettings.load,
    shadowPlans: new ShadowPlans(store.db),
    mappingSettings,
    cursors: new SyncCursors(store.db),
    dispatchXeroChanges: xeroEventDispatcher(temporal.client, temporal.taskQueue, { installationOf }),
    dealOrigin: dealOriginLookup(store.db, services.connections),
    dispatchDealChanges: crmDealDispatcher(temporal.client, temporal.taskQueue, { installationOf }),
    paymentFailures: new PaymentFailures(store.db),
    links,
    reviewWaits: new ReviewWaits(store.db),
    xeroApi: (connectionId) =>
      new XeroApi({
        endpoints,
        connections: services.connections,
        refresh: services.refresh,
        pacer,
        connectionId,
        onlineUrls,
      }),
    crmTargets: crmTargets(services.connections, {
      salesforce: (connection) => new SalesforceCrm({ connection, ...shared }),
      hubspot: (connection) =>
        new HubspotCrm({ connection, apiBase: services.hubspot.endpoints.apiBase, ...shared }),
      zoho: (connection) => new ZohoCrm({ connection, ...shared }),
    }),
  };
  const collections = collectionDepsFrom({
    ...deps,
    loadInstallationSettings: mappingSettings.loadInstallation,
  });
  return {
    ...deps,
    collections: { ...collections, db: store.db, temporal },
    ...(stripe ? { stripe: { ...stripe, pacer } } : {}),
  };
}

/** All activities, built from their dependencies so tests can inject sandbox clients and stores. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSystemActivities(deps),
    ...createConnectionActivities(deps),
    ...createXeroSyncActivities(deps),
    ...createDealToXeroActivities(deps),
    ...createTimelineActivities(deps),
    ...createCrmWonPollActivities(deps),
    ...createXeroPollActivities(deps),
    ...createBackfillActivities(deps),
    ...createParityActivities(deps),
    ...(deps.collections
      ? { ...createCollectionActivities(deps.collections), ...createReceivablesActivities(deps.collections) }
      : {}),
    ...(deps.collections && deps.stripe
      ? createStripeActivities({
          db: deps.store.db,
          connections: deps.connections,
          xeroApi: deps.xeroApi,
          crmTargets: deps.crmTargets,
          audit: deps.audit,
          loadInstallationSettings: deps.collections.loadInstallationSettings,
          temporal: deps.collections.temporal,
          stripe: deps.stripe,
        })
      : {}),
  };
}

export type Activities = ReturnType<typeof createActivities>;
