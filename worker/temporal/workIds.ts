import type { CrmVendor } from '../../workflows/domain/crmVendor';
/**
 * The IDs of the workflows and Schedules the worker starts for a connection. Their starters and
 * the lifecycle (pause, disconnect, uninstall) both take them from here, so what one creates the
 * other finds. Record and deal workflow IDs live with their workflows (workflows/xero/recordIds.ts,
 * workflows/crm/dealIds.ts).
 */
export interface CrmAccountRef {
  crm: CrmVendor;
  /** Salesforce org ID or HubSpot portal ID. */
  crmAccount: string;
}

export interface ParityPair {
  xeroTenantId: string;
  crmConnectionId: string;
}

/** The safety-net pull Schedule of one Xero organisation (its runs carry the same ID). */
export function xeroPollScheduleId(tenantId: string): string {
  return `xero-poll:${tenantId}`;
}

/** The Closed Won poll Schedule of one CRM account (its runs carry the same ID). */
export function crmWonPollScheduleId(ref: CrmAccountRef): string {
  return `crm-won-poll:${ref.crm}:${ref.crmAccount}`;
}

/** Every parity Schedule and run ID starts so: `parity:<tenant>:<crm connection>[:...]`. */
export const PARITY_ID_PREFIX = 'parity:';

/** The nightly parity Schedule of one Xero organisation against one CRM connection. */
export function parityScheduleId(pair: ParityPair): string {
  return `${PARITY_ID_PREFIX}${pair.xeroTenantId}:${pair.crmConnectionId}`;
}

/** The token refresh workflow of one connection. */
export function connectionRefreshWorkflowId(connectionId: string): string {
  return `connection:${connectionId}:refresh`;
}

/** The initial load of one Xero organisation into its installation's CRMs. */
export function xeroBackfillWorkflowId(tenantId: string): string {
  return `xero-backfill:${tenantId}`;
}
