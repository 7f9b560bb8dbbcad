import fc from 'fast-check';
import { matchPaymentToInvoice } from '../../../../workflows/domain/stripe/paymentMatch';
import type { StripePaymentFacts, XeroInvoiceFacts } from '../../../../workflows/domain/stripe/stripePayment';

const CONTACT = '7f1c2c52-0000-4000-8000-000000000001';
const OTHER_CONTACT = '7f1c2c52-0000-4000-8000-000000000002';
const invoiceId = (n: number) => `0a0b0c0d-0000-4000-8000-${String(n).padStart(12, '0')}`;

const invoice = (n: number, fields: Partial<XeroInvoiceFacts> = {}): XeroInvoiceFacts => ({
  xeroInvoiceId: invoiceId(n),
  number: `INV-${String(n).padStart(4, '0')}`,
  type: 'ACCREC',
  status: 'AUTHORISED',
  contactId: CONTACT,
  currency: 'USD',
  amountDue: 120.5,
  ...fields,
});
const payment = (fields: Partial<StripePaymentFacts> = {}): StripePaymentFacts => ({
  id: 'pi_3Px',
  amount: 12050,
  currency: 'usd',
  customer: 'cus_A',
  metadata: {},
  succeeded_at: 1_780_000_000,
  ...fields,
});
const match = (p: StripePaymentFacts, invoices: XeroInvoiceFacts[], contact: string | null = CONTACT) =>
  matchPaymentToInvoice({ payment: p, customerXeroContactId: contact ?? undefined, invoices });

describe('matchPaymentToInvoice', () => {
  it('takes the invoice its metadata names by ID, before any amount rule', () => {
    const named = invoice(2, { amountDue: 999, contactId: OTHER_CONTACT });
    expect(
      match(payment({ metadata: { xero_invoice_id: named.xeroInvoiceId.toUpperCase() } }), [
        invoice(1),
        named,
      ]),
    ).toEqual({
      kind: 'matched',
      xeroInvoiceId: named.xeroInvoiceId,
      rule: 'metadata_invoice_id',
    });
  });

  it('takes the invoice its metadata names by number, ignoring case and spaces', () => {
    expect(
      match(payment({ metadata: { xero_invoice_number: ' inv-0002 ' } }), [invoice(1), invoice(2)]),
    ).toEqual({
      kind: 'matched',
      xeroInvoiceId: invoiceId(2),
      rule: 'metadata_invoice_number',
    });
  });

  it('also names an invoice Xero already marked paid (pay-now), for the applied check to link', () => {
    expect(
      match(payment({ metadata: { xero_invoice_number: 'INV-0001' } }), [
        invoice(1, { status: 'PAID', amountDue: 0 }),
      ]),
    ).toMatchObject({
      kind: 'matched',
    });
  });

  it('does not fall back to the amount rule when the named invoice is unknown', () => {
    expect(
      match(payment({ metadata: { xero_invoice_id: invoiceId(9), xero_invoice_number: 'INV-0001' } }), [
        invoice(1),
      ]),
    ).toEqual({
      kind: 'unmatched',
      reason: 'metadata_invoice_not_found',
    });
  });

  it('sends an ID and a number naming different invoices to a person', () => {
    expect(
      match(payment({ metadata: { xero_invoice_id: invoiceId(1), xero_invoice_number: 'INV-0002' } }), [
        invoice(1),
        invoice(2),
      ]),
    ).toEqual({ kind: 'ambiguous', rule: 'metadata', candidates: [invoiceId(1), invoiceId(2)] });
  });

  it('sends a duplicated invoice number to a person', () => {
    expect(
      match(payment({ metadata: { xero_invoice_number: 'INV-0001' } }), [
        invoice(1),
        invoice(2, { number: 'INV-0001' }),
      ]),
    ).toEqual({
      kind: 'ambiguous',
      rule: 'metadata_invoice_number',
      candidates: [invoiceId(1), invoiceId(2)],
    });
  });

  it('refuses a named invoice that cannot take the payment', () => {
    const by = (fields: Partial<XeroInvoiceFacts>) =>
      match(payment({ metadata: { xero_invoice_id: invoiceId(1) } }), [invoice(1, fields)]);
    expect(by({ status: 'VOIDED' })).toEqual({ kind: 'unmatched', reason: 'metadata_invoice_not_payable' });
    expect(by({ status: 'DRAFT' })).toEqual({ kind: 'unmatched', reason: 'metadata_invoice_not_payable' });
    expect(by({ type: 'ACCPAY' })).toEqual({ kind: 'unmatched', reason: 'metadata_invoice_not_payable' });
    expect(by({ currency: 'EUR' })).toEqual({ kind: 'unmatched', reason: 'metadata_currency_mismatch' });
  });

  it('otherwise matches the linked contact’s one open invoice of exactly that amount and currency', () => {
    const invoices = [
      invoice(1, { amountDue: 120.49 }),
      invoice(2, { currency: 'EUR' }),
      invoice(3, { contactId: OTHER_CONTACT }),
      invoice(4, { status: 'PAID' }),
      invoice(5),
    ];
    expect(match(payment(), invoices)).toEqual({
      kind: 'matched',
      xeroInvoiceId: invoiceId(5),
      rule: 'customer_amount',
    });
  });

  it('never guesses between several open invoices of the same amount', () => {
    expect(match(payment(), [invoice(2), invoice(1)])).toEqual({
      kind: 'ambiguous',
      rule: 'customer_amount',
      candidates: [invoiceId(1), invoiceId(2)],
    });
  });

  it('leaves a payment unmatched without a linked customer, a comparable currency or an invoice', () => {
    expect(match(payment(), [invoice(1)], null)).toEqual({
      kind: 'unmatched',
      reason: 'customer_not_linked',
    });
    expect(match(payment({ currency: 'huf' }), [invoice(1, { currency: 'HUF' })])).toEqual({
      kind: 'unmatched',
      reason: 'currency_not_compared',
    });
    expect(match(payment({ amount: 12051 }), [invoice(1)])).toEqual({
      kind: 'unmatched',
      reason: 'no_open_invoice_with_amount',
    });
  });

  it('compares zero- and three-decimal currencies in their own minor units', () => {
    expect(
      match(payment({ currency: 'jpy', amount: 5000 }), [invoice(1, { currency: 'JPY', amountDue: 5000 })]),
    ).toMatchObject({
      kind: 'matched',
    });
    expect(
      match(payment({ currency: 'kwd', amount: 12345 }), [
        invoice(1, { currency: 'KWD', amountDue: 12.345 }),
      ]),
    ).toMatchObject({
      kind: 'matched',
    });
  });

  describe('properties', () => {
    const invoiceArb = fc.record({
      n: fc.integer({ min: 1, max: 30 }),
      contactId: fc.constantFrom(CONTACT, OTHER_CONTACT),
      currency: fc.constantFrom('USD', 'EUR'),
      cents: fc.integer({ min: 1, max: 5 }),
      status: fc.constantFrom('AUTHORISED', 'AUTHORISED', 'PAID', 'VOIDED', 'DRAFT') as fc.Arbitrary<
        XeroInvoiceFacts['status']
      >,
    });
    const invoicesArb = fc.uniqueArray(invoiceArb, { selector: (i) => i.n, maxLength: 12 }).map((list) =>
      list.map((i) =>
        invoice(i.n, {
          contactId: i.contactId,
          currency: i.currency,
          amountDue: i.cents / 100,
          status: i.status,
        }),
      ),
    );
    const paymentArb = fc.record({
      amount: fc.integer({ min: 1, max: 5 }),
      currency: fc.constantFrom('usd', 'eur'),
      named: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined }),
    });

    it('matches by amount only when exactly one open invoice of the linked contact fits', () => {
      fc.assert(
        fc.property(invoicesArb, paymentArb, (invoices, p) => {
          const result = match(payment({ amount: p.amount, currency: p.currency }), invoices);
          const fitting = invoices.filter(
            (i) =>
              i.status === 'AUTHORISED' &&
              i.contactId === CONTACT &&
              i.currency.toLowerCase() === p.currency &&
              Math.round(i.amountDue * 100) === p.amount,
          );
          if (fitting.length === 1)
            expect(result).toEqual({
              kind: 'matched',
              xeroInvoiceId: fitting[0]?.xeroInvoiceId,
              rule: 'customer_amount',
            });
          else if (fitting.length > 1)
            expect(result).toMatchObject({
              kind: 'ambiguous',
              candidates: fitting.map((i) => i.xeroInvoiceId).sort(),
            });
          else expect(result).toEqual({ kind: 'unmatched', reason: 'no_open_invoice_with_amount' });
        }),
      );
    });

    it('does not depend on the order the invoices come in', () => {
      fc.assert(
        fc.property(invoicesArb, paymentArb, fc.infiniteStream(fc.nat()), (invoices, p, seeds) => {
          const metadata: Record<string, string> =
            p.named === undefined ? {} : { xero_invoice_number: `INV-${String(p.named).padStart(4, '0')}` };
          const shuffled = invoices
            .map((i) => ({ i, k: seeds.next().value as number }))
            .sort((a, b) => a.k - b.k)
            .map(({ i }) => i);
          const pay = payment({ amount: p.amount, currency: p.currency, metadata });
          expect(match(pay, shuffled)).toEqual(match(pay, invoices));
        }),
      );
    });

    it('a named invoice wins or nothing does: never another invoice', () => {
      fc.assert(
        fc.property(invoicesArb, paymentArb, fc.integer({ min: 1, max: 30 }), (invoices, p, named) => {
          const result = match(
            payment({
              amount: p.amount,
              currency: p.currency,
              metadata: { xero_invoice_id: invoiceId(named) },
            }),
            invoices,
          );
          if (result.kind === 'matched') expect(result.xeroInvoiceId).toBe(invoiceId(named));
          expect(result.kind).not.toBe('ambiguous');
        }),
      );
    });
  });
});
