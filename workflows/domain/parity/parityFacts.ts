import { z } from 'zod';
import { invoiceStatuses } from '../canonical';

/**
 * What a parity check reads from each side, reduced to the fields it compares. Collected page by
 * page into the store and read back for the comparison, so each is validated again on the way out.
 */
export const xeroInvoiceFactsSchema = z.object({
  id: z.string(),
  number: z.string(),
  type: z.enum(['ACCREC', 'ACCPAY']),
  status: z.enum(invoiceStatuses),
  contactId: z.string(),
  currency: z.string(),
  date: z.string(),
  subTotal: z.number(),
  total: z.number(),
  amountDue: z.number(),
  amountPaid: z.number(),
  amountCredited: z.number(),
  tracking: z.array(z.object({ category: z.string(), option: z.string() })),
  /** The contact's groups, looked up while collecting when a contact-group rule is set. */
  contactGroups: z.array(z.string()).optional(),
});
export type XeroInvoiceFacts = z.infer<typeof xeroInvoiceFactsSchema>;

export const xeroContactFactsSchema = z.object({
  id: z.string(),
  name: z.string(),
  groups: z.array(z.string()),
  isCustomer: z.boolean(),
  status: z.string(),
});
export type XeroContactFacts = z.infer<typeof xeroContactFactsSchema>;

const optionalNumber = z.number().nullable().optional();

export const crmDealFactsSchema = z.object({
  id: z.string(),
  name: z.string(),
  xeroInvoiceId: z.string().optional(),
  invoiceNumber: z.string().optional(),
  invoiceStatus: z.string().optional(),
  isWon: z.boolean(),
  amount: optionalNumber,
  amountDue: optionalNumber,
  amountPaid: optionalNumber,
  /** Absent where the CRM has no per-record currency (a single-currency Salesforce org). */
  currency: z.string().optional(),
  /** `YYYY-MM-DD` (Salesforce) or an ISO timestamp (HubSpot stores dates as instants). */
  closeDate: z.string().optional(),
  accountCrmId: z.string().optional(),
  /** The Xero contact ID the deal's account links, looked up while collecting. */
  accountXeroContactId: z.string().optional(),
  /**
   * The deal made its invoice (the CRM-to-Xero flow): its amount is the rep's, net of tax, so it
   * agrees with the invoice's subtotal rather than its total.
   */
  madeInvoice: z.boolean().optional(),
});
export type CrmDealFacts = z.infer<typeof crmDealFactsSchema>;

export const crmAccountFactsSchema = z.object({
  id: z.string(),
  name: z.string(),
  xeroContactId: z.string().optional(),
});
export type CrmAccountFacts = z.infer<typeof crmAccountFactsSchema>;

export const findingKinds = [
  'missing_in_crm',
  'missing_in_xero',
  'orphaned_link',
  'duplicate_link',
  'field_mismatch',
  // Cutover reports (shadow mode): a recorded plan against what the old process wrote.
  'shadow_mismatch',
  'shadow_no_counterpart',
] as const;
export type FindingKind = (typeof findingKinds)[number];

/** One disagreement, naming both records and the differing values. */
export interface ParityFinding {
  /** Stable across runs for the same disagreement, so history and repairs can follow it. */
  key: string;
  kind: FindingKind;
  entity: 'invoice' | 'contact';
  field?: string;
  xero?: { id: string; label: string; value?: string };
  crm?: { id: string; value?: string };
  message: string;
}
