import type { CrmVendor } from '../domain/crmVendor';
/** The stable workflow ID of one CRM deal's invoicing, e.g. `crm-deal:hubspot:606060:1301`. */
export function crmDealWorkflowId(crm: CrmVendor, crmAccount: string, dealId: string): string {
  return `crm-deal:${crm}:${crmAccount}:${dealId}`;
}
