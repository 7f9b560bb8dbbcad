import type { Config } from '../config';
import { buildConnectionServices } from '../connections/services';
import { HubspotCrm } from '../connectors/hubspot/hubspotCrm';
import { SalesforceCrm } from '../connectors/salesforce/salesforceCrm';
import { XeroApi } from '../connectors/xero/xeroApi';
import { xeroEndpoints } from '../connectors/xero/xeroEndpoints';
import { createLogger } from '../logger';
import type { Store } from '../store/store';
import { crmTargets } from '../sync/crmTargets';
import { ReviewQueue } from '../sync/reviewQueue';
import type { AlignmentDeps } from './alignmentDeps';

/** The CLI's alignment dependencies: the worker's own connectors, pacing and stores. */
export async function alignmentServices(config: Config, store: Store): Promise<AlignmentDeps> {
  const services = await buildConnectionServices(config, store, createLogger('warn'));
  const { pacer, audit, links, installations } = services.shared;
  const reviews = new ReviewQueue(store.db);
  const shared = { connections: services.connections, refresh: services.refresh, pacer, reviews };
  const endpoints = xeroEndpoints(config.vendors.xero);
  return {
    db: store.db,
    connections: services.connections,
    installations,
    xeroApi: (connectionId) => new XeroApi({ endpoints, ...shared, connectionId }),
    crmTargets: crmTargets(services.connections, {
      salesforce: (connection) => new SalesforceCrm({ connection, ...shared }),
      hubspot: (connection) =>
        new HubspotCrm({ connection, apiBase: services.hubspot.endpoints.apiBase, ...shared }),
    }),
    links,
    reviews,
    audit,
  };
}
