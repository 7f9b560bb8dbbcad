import { z } from 'zod';

/**
 * The canonical accounting model: what Ledgerbridge knows about a Xero record, independent of both
 * Xero's wire format and either CRM. Connectors map into it; CRM adapters map out of it.
 * Dates are `YYYY-MM-DD` (accounting dates have no time zone); timestamps are ISO-8601 UTC.
 */
export const invoiceStatuses = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED', 'DELETED'] as const;
export type InvoiceStatus = (typeof invoiceStatuses)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD');

export const canonicalContactSchema = z.object({
  xeroContactId: z.uuid(),
  name: z.string().min(1),
  email: z.string().optional(),
  taxNumber: z.string().optional(),
  accountNumber: z.string().optional(),
  groups: z.array(z.string()),
  isCustomer: z.boolean(),
  status: z.enum(['ACTIVE', 'ARCHIVED', 'GDPRREQUEST']),
  /** What the contact owes, in the organisation's base currency (Xero gives it on a single contact). */
  receivable: z.object({ outstanding: z.number(), overdue: z.number() }).optional(),
  updatedAt: z.iso.datetime(),
});
export type CanonicalContact = z.infer<typeof canonicalContactSchema>;

export const canonicalLineSchema = z.object({
  description: z.string(),
  quantity: z.number(),
  unitAmount: z.number(),
  lineAmount: z.number(),
  taxAmount: z.number(),
  accountCode: z.string().optional(),
  itemCode: z.string().optional(),
  taxType: z.string().optional(),
  tracking: z.array(z.object({ category: z.string(), option: z.string() })),
});
export type CanonicalLine = z.infer<typeof canonicalLineSchema>;

/** A live payment as a single invoice's GET lists it (Xero leaves deleted ones out). */
export const canonicalInvoicePaymentSchema = z.object({
  xeroPaymentId: z.uuid(),
  date: isoDate,
  amount: z.number(),
  reference: z.string().optional(),
});
export type CanonicalInvoicePayment = z.infer<typeof canonicalInvoicePaymentSchema>;

export const canonicalInvoiceSchema = z.object({
  xeroInvoiceId: z.uuid(),
  number: z.string(),
  type: z.enum(['ACCREC', 'ACCPAY']),
  status: z.enum(invoiceStatuses),
  contactId: z.uuid(),
  contactName: z.string(),
  currency: currencyCode,
  date: isoDate,
  dueDate: isoDate.optional(),
  reference: z.string().optional(),
  subTotal: z.number(),
  totalTax: z.number(),
  total: z.number(),
  amountDue: z.number(),
  amountPaid: z.number(),
  amountCredited: z.number(),
  lines: z.array(canonicalLineSchema),
  onlineUrl: z.url().optional(),
  /** Xero's SentToContact: the invoice was e-mailed from Xero (or marked sent there). */
  sentToContact: z.boolean().optional(),
  /** The invoice's live payments, when read one invoice at a time (lists leave them out). */
  paymentIds: z.array(z.string()).optional(),
  /** The same payments with their amounts and dates, for the CRM's payment history. */
  payments: z.array(canonicalInvoicePaymentSchema).optional(),
  updatedAt: z.iso.datetime(),
});
export type CanonicalInvoice = z.infer<typeof canonicalInvoiceSchema>;

export const canonicalPaymentSchema = z.object({
  xeroPaymentId: z.uuid(),
  invoiceId: z.uuid(),
  amount: z.number(),
  currency: currencyCode,
  date: isoDate,
  status: z.enum(['AUTHORISED', 'DELETED']),
  reference: z.string().optional(),
  updatedAt: z.iso.datetime(),
});
export type CanonicalPayment = z.infer<typeof canonicalPaymentSchema>;
