// GENERATED from worker/hubspotApp/contracts/cardData.ts by scripts/hubspotSharedCopies.ts: do not edit, run npm run hubspot:generate.
import { z } from 'zod';

/**
 * What the worker answers the HubSpot cards (`hubspot.fetch` from the company and deal record
 * cards). The one definition of that contract: the worker builds its answers with these schemas and
 * the cards parse them with a generated copy (hubspot-project/src/app/cards/generated/cardData.ts),
 * so a change here that the cards do not follow fails the copy check in CI.
 */
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD');
const money = z.object({ amount: z.number(), currency: z.string().regex(/^[A-Z]{3}$/) });

export const lastSyncSchema = z.object({
  at: z.iso.datetime(),
  action: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'skipped', 'planned']),
});
export type LastSync = z.infer<typeof lastSyncSchema>;

export const companyInvoiceSchema = z.object({
  xeroInvoiceId: z.string(),
  number: z.string(),
  status: z.string(),
  dueDate: isoDate.nullable(),
  amountDue: money,
  total: money,
  overdue: z.boolean(),
  /** Opens the invoice in the right Xero organisation (Xero's deep link with the org's short code). */
  xeroUrl: z.url(),
});
export type CompanyInvoice = z.infer<typeof companyInvoiceSchema>;

export const companyPaymentSchema = z.object({
  xeroPaymentId: z.string(),
  date: isoDate,
  amount: money,
  invoiceNumber: z.string().nullable(),
  reference: z.string().nullable(),
});
export type CompanyPayment = z.infer<typeof companyPaymentSchema>;

/** Which slice of a list the card holds: the newest first, `pageSize` a page, `total` in Xero. */
export const listPageSchema = z.object({
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
  /** How many Xero holds for the contact; null when Xero did not say. */
  total: z.number().int().min(0).nullable(),
});
export type ListPage = z.infer<typeof listPageSchema>;

export const companyCardSchema = z.object({
  companyId: z.string(),
  companyName: z.string(),
  /** The Xero contact the company is linked to; null until the worker has linked it. */
  xeroContactId: z.string().nullable(),
  /** Xero's own figures for the contact, in the organisation's base currency, as last synced. */
  outstandingBalance: z.number().nullable(),
  overdueAmount: z.number().nullable(),
  /** The currency of those two figures: the Xero organisation's base currency (null: unknown). */
  balanceCurrency: z.string().nullable(),
  /** Read live from Xero (cached briefly); `xero` says whether that worked. */
  invoices: z.array(companyInvoiceSchema),
  payments: z.array(companyPaymentSchema),
  invoicesPage: listPageSchema,
  paymentsPage: listPageSchema,
  xero: z.enum(['ok', 'not_linked', 'not_connected', 'unavailable']),
  lastSync: lastSyncSchema.nullable(),
  problems: z.array(z.string()),
});
export type CompanyCard = z.infer<typeof companyCardSchema>;

export const dealCardSchema = z.object({
  dealId: z.string(),
  dealName: z.string(),
  isWon: z.boolean(),
  invoice: z
    .object({
      xeroInvoiceId: z.string(),
      number: z.string().nullable(),
      status: z.string().nullable(),
      amountDue: z.number().nullable(),
      amountPaid: z.number().nullable(),
      paymentStatus: z.string().nullable(),
      /** Xero's online invoice (the page the customer sees), when Xero gave one. */
      onlineUrl: z.string().nullable(),
    })
    .nullable(),
  /** The deal's currency, or the portal's company currency when the deal names none. */
  currency: z.string().nullable(),
  /** Why the deal was not invoiced, one reason per entry (from ledgerbridge_sync_problem). */
  problems: z.array(z.string()),
  paymentRetryCount: z.number().int(),
  lastSync: lastSyncSchema.nullable(),
});
export type DealCard = z.infer<typeof dealCardSchema>;

export const resyncAnswerSchema = z.object({
  workflowId: z.string(),
  requestedAt: z.iso.datetime(),
});
export type ResyncAnswer = z.infer<typeof resyncAnswerSchema>;

/** Every refusal: a stable code for the cards to branch on and a sentence to show. */
export const cardErrorSchema = z.object({ error: z.string(), message: z.string() });
export type CardError = z.infer<typeof cardErrorSchema>;
