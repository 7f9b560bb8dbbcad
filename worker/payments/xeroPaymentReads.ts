import { Account, Contact } from 'xero-node';
import { z } from 'zod';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import { VendorError } from '../connectors/errors';
import { mapInvoice } from '../connectors/xero/mapXero';
import type { XeroApi } from '../connectors/xero/xeroApi';

/**
 * The Xero reads and the one write settling a Stripe payment needs, on one organisation's
 * connection (XeroApi paces, authorises and classifies each call).
 */
const isUuid = (value: string) => z.uuid().safeParse(value).success;
/** A `where` string literal escapes `"` and `\` with a backslash. */
const quote = (value: string) => `"${value.replace(/["\\]/g, '\\$&')}"`;

async function invoicesWhere(
  api: XeroApi,
  filter: { ids?: string[]; numbers?: string[]; contactIds?: string[]; statuses?: string[] },
): Promise<CanonicalInvoice[]> {
  const res = await api.call((xero, tenant) =>
    xero.getInvoices(
      tenant,
      undefined,
      undefined,
      undefined,
      filter.ids,
      filter.numbers,
      filter.contactIds,
      filter.statuses,
      undefined,
      undefined,
      undefined,
      undefined,
      true,
    ),
  );
  return (res.body.invoices ?? []).map((raw) => mapInvoice(raw));
}

/** The invoice with this ID, if the organisation has it (a malformed ID is none). */
export async function invoiceById(api: XeroApi, invoiceId: string): Promise<CanonicalInvoice | undefined> {
  if (!isUuid(invoiceId)) return undefined;
  return (await invoicesWhere(api, { ids: [invoiceId] }))[0];
}

export function invoicesByNumber(api: XeroApi, number: string): Promise<CanonicalInvoice[]> {
  return invoicesWhere(api, { numbers: [number.trim()] });
}

/** The contact's approved (open) invoices. */
export function openInvoicesOf(api: XeroApi, contactId: string): Promise<CanonicalInvoice[]> {
  return invoicesWhere(api, { contactIds: [contactId], statuses: ['AUTHORISED'] });
}

/** One invoice as its own GET returns it: with its live payments (lists leave them out). */
export async function invoiceWithPayments(api: XeroApi, invoiceId: string): Promise<CanonicalInvoice> {
  const res = await api.call((xero, tenant) => xero.getInvoice(tenant, invoiceId));
  const raw = res.body.invoices?.[0];
  if (!raw) throw new VendorError('notFound', 'xero', `invoice ${invoiceId} not found`);
  return mapInvoice(raw);
}

/** Whether the organisation has this (not archived) contact. */
export async function hasContact(api: XeroApi, contactId: string): Promise<boolean> {
  if (!isUuid(contactId)) return false;
  const res = await api.call((xero, tenant) =>
    xero.getContacts(tenant, undefined, undefined, undefined, [contactId]),
  );
  return (res.body.contacts ?? []).some(
    (c) => c.contactID === contactId && c.contactStatus !== Contact.ContactStatusEnum.ARCHIVED,
  );
}

/** The organisation's active contacts with exactly this e-mail address (case-insensitive). */
export async function contactsWithEmail(api: XeroApi, email: string): Promise<string[]> {
  const res = await api.call((xero, tenant) =>
    xero.getContacts(tenant, undefined, `EmailAddress==${quote(email)}`),
  );
  const wanted = email.trim().toLowerCase();
  return (res.body.contacts ?? []).flatMap((c) =>
    c.contactID &&
    c.contactStatus !== Contact.ContactStatusEnum.ARCHIVED &&
    c.emailAddress?.trim().toLowerCase() === wanted
      ? [c.contactID]
      : [],
  );
}

/**
 * The account the Stripe money is recorded to when the settings name none: the organisation's one
 * active bank account taking payments in the invoice's currency, preferring one whose name says
 * Stripe (Xero's Stripe feed names its account so). Several without a Stripe one: undefined.
 */
export async function stripeClearingAccount(api: XeroApi, currency: string): Promise<string | undefined> {
  const res = await api.call((xero, tenant) => xero.getAccounts(tenant));
  const banks = (res.body.accounts ?? []).filter(
    (a) =>
      String(a.type) === 'BANK' &&
      a.status !== Account.StatusEnum.ARCHIVED &&
      a.code &&
      (!a.currencyCode || String(a.currencyCode).toUpperCase() === currency.toUpperCase()),
  );
  const stripe = banks.filter((a) => /stripe/i.test(a.name ?? ''));
  const pick = stripe.length === 1 ? stripe : banks;
  return pick.length === 1 ? pick[0]?.code : undefined;
}

export interface XeroPaymentRequest {
  xeroInvoiceId: string;
  accountCode: string;
  /** In the invoice's currency, major units. */
  amount: number;
  /** YYYY-MM-DD in the organisation's day. */
  date: string;
  reference: string;
}

/** PUT /Payments with the Idempotency-Key: a repeat with the key returns the first payment. */
export async function createXeroPayment(
  api: XeroApi,
  request: XeroPaymentRequest,
  idempotencyKey: string,
): Promise<string> {
  const res = await api.call((xero, tenant) =>
    xero.createPayment(
      tenant,
      {
        invoice: { invoiceID: request.xeroInvoiceId },
        account: { code: request.accountCode },
        amount: request.amount,
        date: request.date,
        reference: request.reference,
      },
      idempotencyKey,
    ),
  );
  const saved = res.body.payments?.[0];
  const errors = (saved?.validationErrors ?? []).map((e) => e.message).filter(Boolean);
  if (errors.length > 0) throw new VendorError('validation', 'xero', errors.join('; '));
  if (!saved?.paymentID) throw new VendorError('retryable', 'xero', 'payment create returned no PaymentID');
  return saved.paymentID;
}
