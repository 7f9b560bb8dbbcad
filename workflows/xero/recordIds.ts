/**
 * Stable, readable workflow IDs for Xero records, so ops find a record's history in the Temporal UI
 * by what they already know: `xero:<tenantId>:invoice:<InvoiceID>`.
 */
export type XeroRecordCategory = 'INVOICE' | 'CONTACT' | 'CREDITNOTE';

export function xeroRecordWorkflowId(
  tenantId: string,
  category: XeroRecordCategory,
  resourceId: string,
): string {
  return `xero:${tenantId}:${category.toLowerCase()}:${resourceId.toLowerCase()}`;
}
