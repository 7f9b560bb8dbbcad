import { ApplicationFailure } from '@temporalio/activity';
import { LEDGERBRIDGE_ERROR_TYPES } from '../../../workflows/errorTypes';
import type { AuditLog } from '../../audit/auditLog';
import type { ConnectionStore } from '../../connections/connectionStore';
import type { XeroApi } from '../../connectors/xero/xeroApi';
import type { CrmTargets } from '../../sync/crmTarget';
import { activeXeroConnectionId } from '../../activities/xeroConnection';

/** The Xero reads collections and the nightly figures need (XeroApi has them). */
export type CollectionXero = Pick<XeroApi, 'getInvoice' | 'invoicePage'>;

/** What the collection and nightly receivables activities run on; tests inject fakes of each part. */
export interface CollectionDeps {
  /** The installation's Xero organisations (tenant IDs). */
  xeroTenants(installationId: string): Promise<string[]>;
  /** One organisation's Xero reads; refuses a tenant of another installation. */
  xero(installationId: string, xeroTenantId: string): Promise<CollectionXero>;
  crmTargets: CrmTargets;
  /** The installation's stored settings (unparsed; the `payments` section is read from them). */
  loadInstallationSettings(installationId: string): Promise<unknown>;
  audit: Pick<AuditLog, 'record'>;
  /** The clock; tests inject one. */
  now(): Date;
}

/**
 * One organisation's Xero connector for an installation's workflow: a tenant connected to another
 * installation is refused (non-retryable), so no workflow reads another installation's organisation.
 */
export function installationXeroApi(deps: {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
}): (installationId: string, xeroTenantId: string) => Promise<XeroApi> {
  return async (installationId, xeroTenantId) => {
    const connection = await deps.connections.find('xero', xeroTenantId);
    if (connection && connection.installationId !== installationId)
      throw ApplicationFailure.nonRetryable(
        `Xero organisation ${xeroTenantId} is not one of installation ${installationId}'s`,
        LEDGERBRIDGE_ERROR_TYPES.noConnection,
      );
    return deps.xeroApi(await activeXeroConnectionId(deps.connections, xeroTenantId));
  };
}

/** The production parts, from the worker's activity dependencies. */
export function collectionDepsFrom(deps: {
  connections: ConnectionStore;
  xeroApi(connectionId: string): XeroApi;
  crmTargets: CrmTargets;
  loadInstallationSettings(installationId: string): Promise<unknown>;
  audit: Pick<AuditLog, 'record'>;
  now?: () => Date;
}): CollectionDeps {
  return {
    xeroTenants: async (installationId) =>
      (await deps.connections.list({ installationId }))
        .filter((c) => c.vendor === 'xero' && c.status !== 'disconnected')
        .map((c) => c.externalId),
    xero: installationXeroApi(deps),
    crmTargets: deps.crmTargets,
    loadInstallationSettings: deps.loadInstallationSettings,
    audit: deps.audit,
    now: deps.now ?? (() => new Date()),
  };
}
