/** The stable workflow ID of one CRM deal's invoicing, e.g. `crm-deal:hubspot:606060:1301`. */
export function crmDealWorkflowId(crm: 'salesforce' | 'hubspot', crmAccount: string, dealId: string): string {
  return `crm-deal:${crm}:${crmAccount}:${dealId}`;
}
