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

type CrmRef = { crm: 'salesforce' | 'hubspot'; crmAccount: string };

/** Where the CRM-to-Xero activities read and write: the deal's CRM, and the Xero organisation. */
export function dealConnections(deps: Pick<XeroSyncDeps, 'connections' | 'crmTargets' | 'xeroApi'>) {
  /** The Xero organisations connected to the deal's installation (none for an unknown CRM). */
  async function xeroOrgsOf(ref: CrmRef) {
    const crm = await deps.connections.find(ref.crm, ref.crmAccount);
    if (!crm) return [];
    const own = await deps.connections.list({ installationId: crm.installationId });
    return own.filter((c) => c.vendor === 'xero' && c.status !== 'disconnected');
  }
  async function invoicingOrgOf(ref: CrmRef) {
    const orgs = await xeroOrgsOf(ref);
    return orgs.length === 1 ? orgs[0] : undefined;
  }
  return {
    /** The deal source of the deal's CRM connection. */
    async source(ref: CrmRef): Promise<CrmDealSource> {
      const connection = await deps.connections.find(ref.crm, ref.crmAccount);
      if (!connection || connection.status === 'disconnected')
        throw ApplicationFailure.nonRetryable(
          `no ${ref.crm} connection for ${ref.crmAccount}`,
          LEDGERBRIDGE_ERROR_TYPES.noConnection,
        );
      const target = await deps.crmTargets.forConnection(connection.id);
      if (!target)
        throw ApplicationFailure.nonRetryable(
          `no adapter for connection ${connection.id}`,
          LEDGERBRIDGE_ERROR_TYPES.noConnection,
        );
      return target.deals;
    },

    /**
     * The Xero organisation the deal's won deals are invoiced in: the one connected to the deal's
     * installation (never another installation's). Undefined when there is none or several.
     */
    invoicingOrgOf,

    /** The same, ready to call; a missing or ambiguous organisation is a failure naming why. */
    async xero(ref: CrmRef): Promise<InvoicingOrg> {
      const orgs = await xeroOrgsOf(ref);
      const org = orgs[0];
      if (!org || orgs.length > 1)
        throw ApplicationFailure.nonRetryable(
          org
            ? `${orgs.length} Xero organisations are connected to this installation; won deals need exactly one`
            : `no Xero organisation is connected to the installation of ${ref.crm} ${ref.crmAccount}`,
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
