import type { CrmVendor } from '../../workflows/domain/crmVendor';
import { ApplicationFailure } from '@temporalio/activity';
import type { CrmDeal } from '../../workflows/domain/crmDeal';
import { routeDeal, routingFields, type DealRoute } from '../../workflows/domain/dealRouting';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../workflows/errorTypes';
import { VendorError } from '../connectors/errors';
import type { XeroApi } from '../connectors/xero/xeroApi';
import { XeroWrites } from '../connectors/xero/xeroWrites';
import type { CrmDealSource } from '../sync/crmDeals';
import type { MappingSettingsStore } from '../sync/mappingSettingsStore';
import { validInstallationSettings } from './mappingSettings';
import type { XeroSyncDeps } from './xeroSync';

export interface InvoicingOrg {
  tenantId: string;
  api: XeroApi;
  writes: XeroWrites;
}

type CrmRef = { crm: CrmVendor; crmAccount: string };

export type DealConnectionsDeps = Pick<XeroSyncDeps, 'connections' | 'crmTargets' | 'xeroApi'> & {
  settings: Pick<MappingSettingsStore, 'loadInstallation'>;
};

/**
 * Where the CRM-to-Xero activities read and write: the deal's CRM, and the Xero organisation the
 * installation's routing rule chose for the deal (never another installation's).
 */
export function dealConnections(deps: DealConnectionsDeps) {
  async function crmOf(ref: CrmRef) {
    const connection = await deps.connections.find(ref.crm, ref.crmAccount);
    if (!connection || connection.status === 'disconnected')
      throw ApplicationFailure.nonRetryable(
        `no ${ref.crm} connection for ${ref.crmAccount}`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    return connection;
  }

  async function source(ref: CrmRef): Promise<CrmDealSource> {
    const connection = await crmOf(ref);
    const target = await deps.crmTargets.forConnection(connection.id);
    if (!target)
      throw ApplicationFailure.nonRetryable(
        `no adapter for connection ${connection.id}`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    return target.deals;
  }

  /** The installation's Xero organisations that are still connected. */
  async function organisationsOf(installationId: string) {
    const own = await deps.connections.list({ installationId });
    return own.filter((c) => c.vendor === 'xero' && c.status !== 'disconnected');
  }

  async function soleOrganisation(installationId: string, ref: CrmRef) {
    const connected = await organisationsOf(installationId);
    if (connected.length > 1)
      throw ApplicationFailure.nonRetryable(
        `the installation of ${ref.crm} ${ref.crmAccount} has ${connected.length} Xero organisations and this deal run names none`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    return connected[0];
  }

  return {
    /** The deal source of the deal's CRM connection. */
    source,

    /**
     * The Xero organisation the installation's routing rule sends this deal to, or the problem a
     * person must settle (no rule matches and no default; the chosen organisation is not connected).
     * `shadow`: the installation runs the CRM-to-Xero flow in shadow mode.
     */
    async route(ref: CrmRef & { deal: CrmDeal }): Promise<DealRoute & { shadow: boolean }> {
      const crm = await crmOf(ref);
      const settings = validInstallationSettings(
        crm.installationId,
        await deps.settings.loadInstallation(crm.installationId),
      );
      const connected = await organisationsOf(crm.installationId);
      const fields = routingFields(settings.routing);
      const values =
        fields.length > 0 ? await (await source(ref)).readDealFields(ref.deal.dealId, fields) : {};
      const route = routeDeal(
        { currency: ref.deal.currency, fields: values },
        settings.routing,
        connected.map((c) => c.externalId),
      );
      return { ...route, shadow: settings.shadowMode.crmToXero };
    },

    /**
     * The deal's Xero organisation, ready to call: one of the deal's installation's organisations
     * (as routed, or as the deal's invoice was made in); anything else is a failure naming why.
     * Without `xeroTenantId` (a deal run begun before routing existed) the installation's only one.
     */
    async xero(ref: CrmRef & { xeroTenantId?: string }): Promise<InvoicingOrg> {
      const crm = await crmOf(ref);
      const org =
        ref.xeroTenantId === undefined
          ? await soleOrganisation(crm.installationId, ref)
          : await deps.connections.find('xero', ref.xeroTenantId);
      if (!org || org.installationId !== crm.installationId || org.status === 'disconnected')
        throw ApplicationFailure.nonRetryable(
          `Xero organisation ${ref.xeroTenantId ?? '(unrouted)'} is not connected to the installation of ${ref.crm} ${ref.crmAccount}`,
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
