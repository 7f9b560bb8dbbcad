import type { Kysely } from 'kysely';
import type { Config } from '../config';
import type { ConnectionStore } from '../connections/connectionStore';
import type { ConnectionServices } from '../connections/services';
import { HubspotRecordReader } from '../connectors/hubspot/hubspotRecordReader';
import { HubspotUserReader } from '../connectors/hubspot/hubspotUsers';
import { XeroApi } from '../connectors/xero/xeroApi';
import { xeroEndpoints } from '../connectors/xero/xeroEndpoints';
import type { AuditLog } from '../audit/auditLog';
import type { Database } from '../store/schema';
import type { Store } from '../store/store';
import type { MappingSettingsStore } from '../sync/mappingSettingsStore';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import { XeroLedgerReader } from './xeroLedger';

/** What the HubSpot app's endpoints work with; tests build it over the sandboxes. */
export interface HubspotAppDeps {
  db: Kysely<Database>;
  connections: ConnectionStore;
  audit: AuditLog;
  settings: MappingSettingsStore;
  /** Reads a portal's records with that portal's connection only. */
  recordsOf(portalConnectionId: string): HubspotRecordReader;
  /** Reads a portal's users (who may manage the app's settings) with that portal's connection. */
  usersOf(portalConnectionId: string): HubspotUserReader;
  xeroApi(xeroConnectionId: string): XeroApi;
  ledger: XeroLedgerReader;
  /** The same hand-over as the deal webhooks: signal-with-start of the deal's workflow. */
  dispatchDeal: CrmDealDispatch;
  now: () => number;
}

export function hubspotAppDepsFrom(
  store: Store,
  services: ConnectionServices,
  config: Config,
  dispatchDeal: CrmDealDispatch,
): HubspotAppDeps {
  const { pacer } = services.shared;
  const vendorDeps = { connections: services.connections, refresh: services.refresh, pacer };
  return {
    db: store.db,
    connections: services.connections,
    audit: services.shared.audit,
    settings: services.shared.mappingSettings,
    recordsOf: (connectionId) =>
      new HubspotRecordReader({ ...vendorDeps, connectionId, apiBase: services.hubspot.endpoints.apiBase }),
    usersOf: (connectionId) =>
      new HubspotUserReader({ ...vendorDeps, connectionId, apiBase: services.hubspot.endpoints.apiBase }),
    xeroApi: (connectionId) =>
      new XeroApi({
        ...vendorDeps,
        endpoints: xeroEndpoints(config.vendors.xero),
        connectionId,
        maxRateLimitWaits: 1,
      }),
    ledger: new XeroLedgerReader({ ttlMs: 60_000, now: Date.now }),
    dispatchDeal,
    now: Date.now,
  };
}
