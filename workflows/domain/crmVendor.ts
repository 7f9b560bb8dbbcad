/** The CRMs Ledgerbridge keeps in step with Xero, each an equal target of the same CRM port. */
export const CRM_VENDORS = ['salesforce', 'hubspot', 'zoho'] as const;
export type CrmVendor = (typeof CRM_VENDORS)[number];

export function isCrmVendor(vendor: string): vendor is CrmVendor {
  return (CRM_VENDORS as readonly string[]).includes(vendor);
}
