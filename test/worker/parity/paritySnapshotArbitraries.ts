import fc from 'fast-check';
import type {
  CrmAccountFacts,
  CrmDealFacts,
  XeroContactFacts,
  XeroInvoiceFacts,
} from '../../../workflows/domain/parity/parityFacts';

/** One snapshot record as the collect activity writes it. */
export interface SnapshotInput {
  side: 'xero' | 'crm';
  entity: 'invoice' | 'contact';
  matchKey: string;
  recordId: string;
  facts: object;
}

/** What may differ from an agreeing invoice pair: near-misses the tolerances forgive, and real differences. */
const dealChange = fc.constantFrom<Array<(d: CrmDealFacts, x: XeroInvoiceFacts) => void>>(
  (d) => (d.amount = (d.amount ?? 0) + 0.004),
  (d) => (d.amount = (d.amount ?? 0) + 1),
  (d) => (d.amount = null),
  (d) => delete d.amount,
  (d, x) => ((d.madeInvoice = true), (d.amount = x.subTotal)),
  (d) => (d.madeInvoice = true),
  (d) => (d.amountDue = 0),
  (d) => (d.amountPaid = 1),
  (d) => (d.invoiceStatus = 'PAID'),
  (d) => delete d.invoiceStatus,
  (d) => delete d.currency,
  (d) => (d.currency = 'usd'),
  (d) => (d.currency = 'EUR'),
  (d, x) => (d.closeDate = new Date(Date.parse(`${x.date}T00:00:00Z`) - 13 * 3_600_000).toISOString()),
  (d, x) => (d.closeDate = `${x.date}T00:00:00.000Z`),
  (d, x) => (d.closeDate = String(Date.parse(`${x.date}T09:30:00Z`))),
  (d) => (d.closeDate = '2020-02-02'),
  (d) => (d.closeDate = ''),
  (d) => delete d.closeDate,
  (d) => (d.accountXeroContactId = 'another-contact'),
  (d) => delete d.accountXeroContactId,
);
const invoiceChange = fc.constantFrom<Array<(x: XeroInvoiceFacts) => void>>(
  (x) => (x.currency = 'usd'),
  (x) => (x.status = 'DRAFT'),
  (x) => (x.type = 'ACCPAY'),
  (x) => (x.total = 0),
  (x) => (x.number = ''),
);

/** How a key's records stand: a pair, one side alone, a duplicate link, or an unlinked deal. */
const shape = fc.constantFrom('pair', 'pair', 'pair', 'xero_only', 'crm_only', 'duplicate', 'unlinked');

const invoiceGroup = fc.record({
  shape,
  dealChanges: fc.array(dealChange, { maxLength: 2 }),
  invoiceChanges: fc.array(invoiceChange, { maxLength: 1 }),
  total: fc.integer({ min: 0, max: 10_000 }).map((cents) => cents / 100 + 0.25),
  isWon: fc.boolean(),
  oldDeal: fc.boolean(),
});

const contactGroup = fc.record({
  shape: fc.constantFrom('pair', 'pair', 'xero_only', 'crm_only', 'duplicate'),
  name: fc.constantFrom('Acme Ltd', 'acme  ltd ', 'Globex', ''),
  isCustomer: fc.boolean(),
});

/** A snapshot of up to 40 invoice keys and 12 contact keys on both sides, with their differences. */
export const snapshotArbitrary = fc
  .tuple(fc.array(invoiceGroup, { maxLength: 40 }), fc.array(contactGroup, { maxLength: 12 }))
  .map(([invoices, contacts]) => {
    const records: SnapshotInput[] = [];
    invoices.forEach((g, i) => {
      const id = `inv-${String(i).padStart(3, '0')}`;
      const xero: XeroInvoiceFacts = {
        id,
        number: `INV-${i}`,
        type: 'ACCREC',
        status: 'AUTHORISED',
        contactId: `contact-${i % 5}`,
        currency: 'USD',
        date: `2026-03-${String((i % 28) + 1).padStart(2, '0')}`,
        subTotal: g.total - 0.25,
        total: g.total,
        amountDue: g.total,
        amountPaid: 0,
        amountCredited: 0,
        tracking: [],
      };
      for (const change of g.invoiceChanges) change(xero);
      const deal = (n: number): CrmDealFacts => {
        const d: CrmDealFacts = {
          id: `deal-${i}-${n}`,
          name: `Deal ${i}`,
          xeroInvoiceId: id,
          invoiceStatus: xero.status,
          isWon: g.isWon,
          amount: xero.total,
          amountDue: xero.amountDue,
          amountPaid: xero.amountPaid,
          currency: xero.currency,
          closeDate: g.oldDeal ? '2019-12-31' : xero.date,
          accountXeroContactId: xero.contactId,
        };
        for (const change of g.dealChanges) change(d, xero);
        return d;
      };
      const put = (side: 'xero' | 'crm', f: XeroInvoiceFacts | CrmDealFacts, matchKey: string) =>
        records.push({ side, entity: 'invoice', matchKey, recordId: f.id, facts: f });
      if (g.shape === 'unlinked') {
        const { xeroInvoiceId: _linked, ...unlinked } = deal(0);
        put('crm', unlinked, '');
        return;
      }
      if (g.shape !== 'crm_only') put('xero', xero, id);
      if (g.shape !== 'xero_only') put('crm', deal(0), id);
      if (g.shape === 'duplicate') put('crm', deal(1), id);
    });
    contacts.forEach((g, i) => {
      const id = `contact-${String(i).padStart(3, '0')}`;
      const xero: XeroContactFacts = {
        id,
        name: 'Acme Ltd',
        groups: [],
        isCustomer: g.isCustomer,
        status: 'ACTIVE',
      };
      const account = (n: number): CrmAccountFacts => ({
        id: `acct-${i}-${n}`,
        name: g.name,
        xeroContactId: id,
      });
      if (g.shape !== 'crm_only')
        records.push({ side: 'xero', entity: 'contact', matchKey: id, recordId: id, facts: xero });
      const accounts =
        g.shape === 'xero_only' ? [] : g.shape === 'duplicate' ? [account(0), account(1)] : [account(0)];
      for (const a of accounts)
        records.push({ side: 'crm', entity: 'contact', matchKey: id, recordId: a.id, facts: a });
    });
    return records;
  });
