import type { ZohoWatchKeeper } from '../connectors/zoho/zohoWatchChannel';
import type { Client } from '@temporalio/client';
import type { Kysely } from 'kysely';
import { SANDBOX_HUBSPOT_CLIENT, SANDBOX_XERO_CLIENT } from '../../sandbox';
import type { Config } from '../config';
import type { ConnectionStore } from '../connections/connectionStore';
import type { ConnectionServices } from '../connections/services';
import type { RefreshService } from '../connections/refreshService';
import { hubspotEndpoints } from '../connectors/hubspot/hubspotEndpoints';
import { xeroEndpoints } from '../connectors/xero/xeroEndpoints';
import { zohoAuthFor } from '../connectors/zoho/zohoAuthFor';
import type { Database } from '../store/schema';
import type { Store } from '../store/store';
import type { AuditLog } from '../audit/auditLog';
import type { CrmDealDispatch } from '../webhooks/crmDealDispatcher';
import type { StripeEventDispatch } from '../webhooks/stripeEventDispatcher';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import {
  hubspotTokenRevoker,
  salesforceTokenRevoker,
  xeroTokenRevoker,
  zohoTokenRevoker,
  type TokenRevokers,
} from './tokenRevocation';

/** What pausing, resuming, disconnecting, uninstalling and purging need. */
export interface LifecycleDeps {
  db: Kysely<Database>;
  connections: ConnectionStore;
  /** Freshens a connection's access token before it is revoked (Xero's DELETE /connections needs one). */
  refresh?: RefreshService;
  audit: AuditLog;
  client: Client;
  revokers: TokenRevokers;
  /** Where resumed installations' held events go (the real dispatchers, not the holding ones). */
  dispatch?: { xero: XeroEventDispatch; deal: CrmDealDispatch; stripe?: StripeEventDispatch };
  /** Unsubscribes a Zoho connection's notification channel as it is disconnected. */
  zohoWatch?: Pick<ZohoWatchKeeper, 'drop'>;
  /** How long a cancelled workflow gets to finish before it is terminated (default 10 s). */
  stopGraceMs?: number;
  now?: () => Date;
}

/** The vendor revokers of a deployment, with the app credentials its connect flows use. */
export function tokenRevokersFrom(vendors: Config['vendors']): TokenRevokers {
  const { xero, hubspot } = vendors;
  const hubspotCredentials =
    hubspot.mode === 'sandbox' ? SANDBOX_HUBSPOT_CLIENT : 'clientId' in hubspot ? hubspot : undefined;
  return {
    xero: xeroTokenRevoker(xeroEndpoints(xero), xero.mode === 'live' ? xero : SANDBOX_XERO_CLIENT),
    hubspot: hubspotTokenRevoker(hubspotEndpoints(hubspot), hubspotCredentials),
    salesforce: salesforceTokenRevoker(),
    zoho: zohoTokenRevoker(zohoAuthFor(vendors.zoho)),
  };
}

/** The lifecycle's dependencies from the process's own services (the worker, the CLI). */
export function lifecycleDepsFrom(input: {
  config: Config;
  store: Store;
  services: Pick<ConnectionServices, 'connections' | 'refresh' | 'shared'>;
  client: Client;
  dispatch?: LifecycleDeps['dispatch'];
}): LifecycleDeps {
  return {
    db: input.store.db,
    connections: input.services.connections,
    refresh: input.services.refresh,
    audit: input.services.shared.audit,
    client: input.client,
    revokers: tokenRevokersFrom(input.config.vendors),
    ...(input.dispatch ? { dispatch: input.dispatch } : {}),
  };
}
