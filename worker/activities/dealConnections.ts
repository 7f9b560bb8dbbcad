import { ApplicationFailure } from '@temporalio/activity';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { XeroWrites } from '../connectors/xero/xeroWrites';
import type { CrmDealSource } from '../sync/crmDeals';
import type { XeroSyncDeps } from './xeroSync';

export interface InvoicingOrg {
  tenantId: string;
  api: XeroApi;
  writes: XeroWrites;
}

/** Where the CRM-to-Xero activities read and write: the deal's CRM, and the Xero organisation. */
export function dealConnections(deps: Pick<XeroSyncDeps, 'connections' | 'crmTargetsFor' | 'xeroApi'>) {
  return {
    /** The deal source of the deal's CRM connection. */
    async source(ref: { crm: 'salesforce' | 'hubspot'; crmAccount: string }): Promise<CrmDealSource> {
      const connection = await deps.connections.find(ref.crm, ref.crmAccount);
      if (!connection || connection.status === 'disconnected')
        throw ApplicationFailure.nonRetryable(
          `no ${ref.crm} connection for ${ref.crmAccount}`,
          LEDGERBRIDGE_ERROR_TYPES.noConnection,
        );
      const target = (await deps.crmTargetsFor('')).find((t) => t.connectionId === connection.id);
      if (!target)
        throw ApplicationFailure.nonRetryable(
          `no adapter for connection ${connection.id}`,
          LEDGERBRIDGE_ERROR_TYPES.noConnection,
        );
      return target.deals;
    },

    /** The one Xero organisation won deals are invoiced in. */
    async xero(): Promise<InvoicingOrg> {
      const orgs = (await deps.connections.list()).filter(
        (c) => c.vendor === 'xero' && c.status !== 'disconnected',
      );
      const org = orgs[0];
      if (!org || orgs.length > 1)
        throw ApplicationFailure.nonRetryable(
          org
            ? `${orgs.length} Xero organisations are connected; won deals need exactly one`
            : 'no Xero organisation is connected',
          LEDGERBRIDGE_ERROR_TYPES.noConnection,
        );
      if (org.status !== 'active')
        throw new VendorError('reauthRequired', 'xero', `connection ${org.id} needs re-authorisation`);
      const api = deps.xeroApi(org.id);
      return { tenantId: org.externalId, api, writes: new XeroWrites(api) };
    },
  };
}

export type DealConnections = ReturnType<typeof dealConnections>;
