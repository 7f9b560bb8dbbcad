import { z } from 'zod';
import {
  canonicalContactSchema,
  canonicalInvoiceSchema,
  type CanonicalContact,
  type CanonicalInvoice,
} from '../../../workflows/domain/canonical';

/**
 * xero-node models → the canonical model, through zod so a response we depend on that is not what
 * we expect fails loudly here, naming the field. xero-node turns `/Date(…)/` into Date objects even
 * where its types say string, hence the date coercion.
 */
const day = z
  .union([z.date(), z.string()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.slice(0, 10)));
const instant = z
  .union([z.date(), z.string()])
  .transform((v) => (v instanceof Date ? v : new Date(v)).toISOString());
const amount = z.number().default(0);

const rawLine = z.object({
  description: z.string().optional(),
  quantity: z.number().optional(),
  unitAmount: z.number().optional(),
  lineAmount: z.number().optional(),
  taxAmount: z.number().optional(),
  accountCode: z.string().optional(),
  itemCode: z.string().optional(),
  taxType: z.string().optional(),
  tracking: z.array(z.object({ name: z.string().optional(), option: z.string().optional() })).optional(),
});

export const rawInvoiceSchema = z.object({
  invoiceID: z.string(),
  invoiceNumber: z.string().optional(),
  type: z.unknown(),
  status: z.unknown(),
  contact: z.object({ contactID: z.string(), name: z.string().optional() }),
  currencyCode: z.unknown(),
  date: day,
  dueDate: day.optional(),
  reference: z.string().optional(),
  subTotal: amount,
  totalTax: amount,
  total: amount,
  amountDue: amount,
  amountPaid: amount,
  amountCredited: amount,
  lineItems: z.array(rawLine).optional(),
  sentToContact: z.boolean().optional(),
  /** Only on a single invoice's GET: its live (not deleted) payments. */
  payments: z
    .array(
      z.object({
        paymentID: z.string(),
        date: day.optional(),
        amount: z.number().optional(),
        reference: z.string().optional(),
      }),
    )
    .optional(),
  updatedDateUTC: instant,
});

export function mapInvoice(raw: unknown, onlineUrl?: string): CanonicalInvoice {
  const inv = rawInvoiceSchema.parse(raw);
  return canonicalInvoiceSchema.parse({
    xeroInvoiceId: inv.invoiceID,
    number: inv.invoiceNumber ?? '',
    type: String(inv.type),
    status: String(inv.status),
    contactId: inv.contact.contactID,
    contactName: inv.contact.name ?? '',
    currency: String(inv.currencyCode),
    date: inv.date,
    dueDate: inv.dueDate,
    reference: inv.reference,
    subTotal: inv.subTotal,
    totalTax: inv.totalTax,
    total: inv.total,
    amountDue: inv.amountDue,
    amountPaid: inv.amountPaid,
    amountCredited: inv.amountCredited,
    lines: (inv.lineItems ?? []).map((l) => ({
      description: l.description ?? '',
      quantity: l.quantity ?? 0,
      unitAmount: l.unitAmount ?? 0,
      lineAmount: l.lineAmount ?? 0,
      taxAmount: l.taxAmount ?? 0,
      accountCode: l.accountCode,
      itemCode: l.itemCode,
      taxType: l.taxType,
      tracking: (l.tracking ?? []).map((t) => ({ category: t.name ?? '', option: t.option ?? '' })),
    })),
    onlineUrl,
    ...(inv.sentToContact !== undefined ? { sentToContact: inv.sentToContact } : {}),
    ...(inv.payments
      ? {
          paymentIds: inv.payments.map((p) => p.paymentID),
          payments: inv.payments.flatMap((p) =>
            p.date === undefined || p.amount === undefined
              ? []
              : [{ xeroPaymentId: p.paymentID, date: p.date, amount: p.amount, reference: p.reference }],
          ),
        }
      : {}),
    updatedAt: inv.updatedDateUTC,
  });
}

const rawContactSchema = z.object({
  contactID: z.string(),
  name: z.string(),
  emailAddress: z.string().optional(),
  taxNumber: z.string().optional(),
  accountNumber: z.string().optional(),
  contactStatus: z.unknown(),
  isCustomer: z.boolean().optional(),
  contactGroups: z.array(z.object({ name: z.string().optional() })).optional(),
  balances: z
    .object({ accountsReceivable: z.object({ outstanding: amount, overdue: amount }).optional() })
    .optional(),
  updatedDateUTC: instant,
});

export function mapContact(raw: unknown): CanonicalContact {
  const c = rawContactSchema.parse(raw);
  return canonicalContactSchema.parse({
    xeroContactId: c.contactID,
    name: c.name,
    email: c.emailAddress,
    taxNumber: c.taxNumber,
    accountNumber: c.accountNumber,
    groups: (c.contactGroups ?? []).map((g) => g.name ?? '').filter(Boolean),
    isCustomer: c.isCustomer ?? false,
    status: String(c.contactStatus ?? 'ACTIVE'),
    ...(c.balances?.accountsReceivable ? { receivable: c.balances.accountsReceivable } : {}),
    updatedAt: c.updatedDateUTC,
  });
}
