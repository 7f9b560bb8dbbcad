import { z } from 'zod';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';
import { mapInvoice } from '../connectors/xero/mapXero';
import type { XeroApi } from '../connectors/xero/xeroApi';

/**
 * A Xero contact's invoices and payments for the company card, read through the paced Xero
 * connector and kept for a short while: a card is opened, re-rendered and opened again by several
 * people, and each read costs two calls of the organisation's 60 a minute. Balances are not computed
 * here: the card shows Xero's own figures, synced onto the company.
 */
export interface ContactLedger {
  invoices: CanonicalInvoice[];
  payments: LedgerPayment[];
  /** The organisation's short code, for deep links into the right organisation. */
  shortCode: string;
  /** The organisation's base currency: the currency of the contact's balances. */
  baseCurrency: string;
  /** How many invoices and payments Xero holds for the contact (null: Xero did not say). */
  invoiceTotal: number | null;
  paymentTotal: number | null;
}

/** Which page of each list (1 = the newest `LEDGER_PAGE_SIZE`). */
export interface LedgerPages {
  invoices: number;
  payments: number;
}

export interface LedgerPayment {
  xeroPaymentId: string;
  date: string;
  amount: number;
  currency: string;
  invoiceNumber: string | null;
  reference: string | null;
}

const day = z
  .union([z.date(), z.string()])
  .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.slice(0, 10)));
const rawPaymentSchema = z.object({
  paymentID: z.string(),
  date: day,
  amount: z.number(),
  reference: z.string().optional(),
  status: z.unknown(),
  invoice: z
    .object({ invoiceNumber: z.string().optional(), currencyCode: z.unknown().optional() })
    .optional(),
});
const rawOrganisationSchema = z.object({ shortCode: z.string().min(1), baseCurrency: z.unknown() });

/** Xero's IDs are GUIDs (any version: Xero's own are not all RFC 4122 v4). */
export function isXeroId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

/** Invoices and payments a page of the company card holds ("newest 25 of N"). */
export const LEDGER_PAGE_SIZE = 25;
const LISTED_STATUSES = ['DRAFT', 'SUBMITTED', 'AUTHORISED', 'PAID', 'VOIDED'];

export class XeroLedgerReader {
  private readonly cache = new Map<string, { at: number; ledger: Promise<ContactLedger> }>();

  constructor(
    private readonly options: { ttlMs: number; now: () => number; maxEntries?: number } = {
      ttlMs: 60_000,
      now: Date.now,
    },
  ) {}

  ledger(
    api: XeroApi,
    tenantId: string,
    contactId: string,
    pages: LedgerPages = { invoices: 1, payments: 1 },
  ): Promise<ContactLedger> {
    // The ID goes into a `where` clause: only a GUID gets there, whatever a CRM field held.
    if (!isXeroId(contactId)) return Promise.reject(new Error('the Xero contact ID is not a GUID'));
    const key = `${tenantId}:${contactId}:${pages.invoices}:${pages.payments}`;
    const now = this.options.now();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.options.ttlMs) return hit.ledger;
    const ledger = this.read(api, contactId, pages);
    // A failed read is not kept: the next opening tries Xero again.
    ledger.catch(() => this.cache.delete(key));
    if (this.cache.size >= (this.options.maxEntries ?? 1_000)) this.cache.clear();
    this.cache.set(key, { at: now, ledger });
    return ledger;
  }

  private async read(api: XeroApi, contactId: string, pages: LedgerPages): Promise<ContactLedger> {
    // GET /Organisation, /Invoices?ContactIDs=…, /Payments?where=…
    // https://developer.xero.com/documentation/api/accounting/invoices
    // https://developer.xero.com/documentation/api/accounting/payments
    const org = await api.call((xero, tenant) => xero.getOrganisations(tenant));
    const invoices = await api.call((xero, tenant) =>
      xero.getInvoices(
        tenant,
        undefined,
        'Type=="ACCREC"',
        'Date DESC',
        undefined,
        undefined,
        [contactId],
        LISTED_STATUSES,
        pages.invoices,
        undefined,
        undefined,
        undefined,
        true,
        LEDGER_PAGE_SIZE,
      ),
    );
    const payments = await api.call((xero, tenant) =>
      xero.getPayments(
        tenant,
        undefined,
        `Invoice.Contact.ContactID==Guid("${contactId}")`,
        'Date DESC',
        pages.payments,
        LEDGER_PAGE_SIZE,
      ),
    );
    const organisation = rawOrganisationSchema.parse(org.body.organisations?.[0]);
    const mapped = (invoices.body.invoices ?? []).map((raw) => mapInvoice(raw));
    const currencyOf = new Map(mapped.map((i) => [i.number, i.currency]));
    return {
      shortCode: organisation.shortCode,
      baseCurrency: String(organisation.baseCurrency),
      invoiceTotal: invoices.body.pagination?.itemCount ?? null,
      paymentTotal: payments.body.pagination?.itemCount ?? null,
      invoices: mapped,
      payments: (payments.body.payments ?? [])
        .map((raw) => rawPaymentSchema.parse(raw))
        .filter((p) => String(p.status) !== 'DELETED')
        .map((p) => ({
          xeroPaymentId: p.paymentID,
          date: p.date,
          amount: p.amount,
          // A payment is in its invoice's currency; Xero names it on the payment's invoice summary.
          currency: String(
            p.invoice?.currencyCode ??
              currencyOf.get(p.invoice?.invoiceNumber ?? '') ??
              organisation.baseCurrency,
          ),
          invoiceNumber: p.invoice?.invoiceNumber ?? null,
          reference: p.reference || null,
        })),
    };
  }
}

/** Xero's deep link to an invoice in a given organisation. https://developer.xero.com/documentation/api-guides/deep-link-xero */
export function xeroInvoiceLink(shortCode: string, invoiceId: string): string {
  return `https://go.xero.com/organisationlogin/default.aspx?shortcode=${encodeURIComponent(shortCode)}&redirecturl=${encodeURIComponent(`/AccountsReceivable/View.aspx?InvoiceID=${invoiceId}`)}`;
}
