import type { CanonicalContact, CanonicalInvoice } from '../../../../workflows/domain/canonical';
import { dealFromInvoice, type DealFromInvoice } from '../../../../workflows/domain/invoiceToDeal';
import { mappingSettingsSchema } from '../../../../workflows/domain/mappingSettings';

/** A fixed UUID per number and kind, so every run names the same records. */
export const uuidOf = (kind: 1 | 2, n: number) =>
  `${kind === 1 ? 'c' : 'e'}0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export const contactOf = (n: number, over: Partial<CanonicalContact> = {}): CanonicalContact => ({
  xeroContactId: uuidOf(1, n),
  name: `Customer ${String(n).padStart(3, '0')}`,
  groups: [],
  isCustomer: true,
  status: 'ACTIVE',
  receivable: { outstanding: n * 10, overdue: n % 3 === 0 ? n : 0 },
  updatedAt: '2026-11-01T10:00:00Z',
  ...over,
});

export const invoiceOf = (
  n: number,
  contact: CanonicalContact,
  over: Partial<CanonicalInvoice> = {},
): CanonicalInvoice => ({
  xeroInvoiceId: uuidOf(2, n),
  number: `INV-${String(n).padStart(4, '0')}`,
  type: 'ACCREC',
  status: 'AUTHORISED',
  contactId: contact.xeroContactId,
  contactName: contact.name,
  currency: 'EUR',
  date: '2026-11-01',
  dueDate: '2026-12-01',
  subTotal: 100 + n,
  totalTax: 0,
  total: 100 + n,
  amountDue: 100 + n - (n % 2 === 0 ? 50 : 0),
  amountPaid: n % 2 === 0 ? 50 : 0,
  amountCredited: 0,
  lines: [],
  onlineUrl: `https://in.xero.com/${n}`,
  updatedAt: '2026-11-02T10:00:00Z',
  ...over,
});

/** The invoice with its deal, by the default mapping settings. */
export const itemOf = (invoice: CanonicalInvoice): { invoice: CanonicalInvoice; deal: DealFromInvoice } => ({
  invoice,
  deal: dealFromInvoice(invoice, mappingSettingsSchema.parse({})),
});

export interface ZohoCall {
  method: string;
  /** After `/crm/v8`. */
  path: string;
  /** A COQL call's query. */
  query?: string;
}

/** A fetch for the Zoho client that logs every call it makes. */
export function loggingFetch(calls: ZohoCall[]): typeof fetch {
  return (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const call: ZohoCall = { method: init?.method ?? 'GET', path: url.pathname.replace(/^.*\/crm\/v8/, '') };
    if (call.path === '/coql' && typeof init?.body === 'string') {
      const body: unknown = JSON.parse(init.body);
      if (typeof body === 'object' && body !== null && 'select_query' in body)
        call.query = String(body.select_query);
    }
    calls.push(call);
    return fetch(input, init);
  };
}

/** The calls as `METHOD path`, COQL by its module. */
export const callNames = (calls: ZohoCall[]) =>
  calls.map((c) => (c.query ? `COQL ${/ from (\w+)/.exec(c.query)?.[1] ?? '?'}` : `${c.method} ${c.path}`));
