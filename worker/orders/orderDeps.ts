import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import { validMappingSettings } from '../activities/mappingSettings';
import type { AuditLog } from '../audit/auditLog';
import type { XeroApi } from '../connectors/xero/xeroApi';
import type { CrmTargets } from '../sync/crmTarget';
import type { MonthEndLedger } from './monthEndLedger';
import type { OrderEndpoints } from './orderEndpoints';
import type { OrderLedger } from './orderLedger';
import type { OrderNotices } from './orderNotices';

/** What the order activities run on (orderActivities.ts, monthEndActivities.ts); tests inject each part. */
export interface OrderDeps {
  ledger: OrderLedger;
  monthEnd: MonthEndLedger;
  endpoints: Pick<OrderEndpoints, 'setup'>;
  /** One organisation's Xero connector; refuses a tenant of another installation. */
  xero(installationId: string, xeroTenantId: string): Promise<XeroApi>;
  crmTargets: Pick<CrmTargets, 'forXeroTenant'>;
  /** One Xero organisation's stored mapping settings (MappingSettingsStore.load). */
  loadOrganisationSettings(xeroTenantId: string): Promise<unknown>;
  notices: OrderNotices;
  audit: Pick<AuditLog, 'record'>;
  now(): Date;
}

/** The order's Xero organisation's mapping settings, validated (a failure names each field). */
export async function organisationSettings(
  deps: Pick<OrderDeps, 'loadOrganisationSettings'>,
  xeroTenantId: string,
): Promise<MappingSettings> {
  return validMappingSettings(xeroTenantId, await deps.loadOrganisationSettings(xeroTenantId));
}
