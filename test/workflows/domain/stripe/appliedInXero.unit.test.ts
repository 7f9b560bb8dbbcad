import fc from 'fast-check';
import type { CanonicalInvoicePayment } from '../../../../workflows/domain/canonical';
import { findPaymentInXero } from '../../../../workflows/domain/stripe/appliedInXero';
import type { StripePaymentFacts } from '../../../../workflows/domain/stripe/stripePayment';

// 2026-03-10T23:30:00Z: the 10th in London, already the 11th in Auckland.
const LATE_EVENING_UTC = Date.UTC(2026, 2, 10, 23, 30) / 1000;
const paymentId = (n: number) => `5b6c7d8e-0000-4000-8000-${String(n).padStart(12, '0')}`;

const stripePayment = (fields: Partial<StripePaymentFacts> = {}): StripePaymentFacts => ({
  id: 'pi_3PxA',
  latest_charge: 'ch_3PxA',
  amount: 12050,
  currency: 'usd',
  customer: 'cus_A',
  metadata: {},
  succeeded_at: LATE_EVENING_UTC,
  ...fields,
});
const xeroPayment = (n: number, fields: Partial<CanonicalInvoicePayment> = {}): CanonicalInvoicePayment => ({
  xeroPaymentId: paymentId(n),
  date: '2026-03-11',
  amount: 120.5,
  ...fields,
});
const find = (
  payments: CanonicalInvoicePayment[],
  fields: Partial<StripePaymentFacts> = {},
  linked: string[] = [],
  timeZone = 'Pacific/Auckland',
) =>
  findPaymentInXero({
    payment: stripePayment(fields),
    invoiceCurrency: 'USD',
    xeroPayments: payments,
    linkedXeroPaymentIds: new Set(linked),
    timeZone,
  });

describe('findPaymentInXero', () => {
  it('links the Xero payment whose reference quotes the PaymentIntent or its charge', () => {
    expect(find([xeroPayment(1, { date: '2026-01-01', reference: 'Stripe pi_3PxA' })])).toEqual({
      kind: 'applied',
      xeroPaymentId: paymentId(1),
      rule: 'reference',
    });
    expect(find([xeroPayment(1, { date: '2026-01-01', reference: 'ch_3PxA;card' })])).toMatchObject({
      kind: 'applied',
      rule: 'reference',
    });
  });

  it('does not read a longer ID as a quote of this one', () => {
    expect(find([xeroPayment(1, { date: '2026-01-01', reference: 'pi_3PxAB' })])).toEqual({
      kind: 'not_applied',
    });
  });

  it('sends a quoting payment of another amount to a person', () => {
    expect(find([xeroPayment(1, { reference: 'pi_3PxA', amount: 100 })])).toEqual({
      kind: 'ambiguous',
      reason: 'reference_amount_differs',
      candidates: [paymentId(1)],
    });
  });

  it('otherwise links one payment of the same amount on the same date in the organisation’s time zone', () => {
    expect(find([xeroPayment(1)])).toEqual({
      kind: 'applied',
      xeroPaymentId: paymentId(1),
      rule: 'amount_date',
    });
    expect(find([xeroPayment(1)], {}, [], 'Europe/London')).toEqual({ kind: 'not_applied' });
    expect(find([xeroPayment(1, { date: '2026-03-10' })], {}, [], 'Europe/London')).toMatchObject({
      kind: 'applied',
    });
    expect(find([xeroPayment(1, { amount: 120.49 })])).toEqual({ kind: 'not_applied' });
  });

  it('never claims a Xero payment another Stripe payment is linked to', () => {
    expect(find([xeroPayment(1, { reference: 'pi_3PxA' })], {}, [paymentId(1)])).toEqual({
      kind: 'not_applied',
    });
    expect(find([xeroPayment(1), xeroPayment(2)], {}, [paymentId(1)])).toMatchObject({
      xeroPaymentId: paymentId(2),
    });
  });

  it('sends two alike payments to a person', () => {
    expect(find([xeroPayment(2), xeroPayment(1)])).toEqual({
      kind: 'ambiguous',
      reason: 'several_payments',
      candidates: [paymentId(1), paymentId(2)],
    });
  });

  it('does not compare amounts in a currency Stripe represents specially', () => {
    const result = findPaymentInXero({
      payment: stripePayment({ currency: 'isk', amount: 12050 }),
      invoiceCurrency: 'ISK',
      xeroPayments: [xeroPayment(1)],
      linkedXeroPaymentIds: new Set(),
      timeZone: 'Atlantic/Reykjavik',
    });
    expect(result).toEqual({ kind: 'not_applied' });
  });

  it('property: Stripe payments handled one after another never share a Xero payment, and each alike pair links', () => {
    // Xero holds some of the Stripe payments (pay-now), all of one amount on one day; others are not in Xero yet.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        (stripeCount, xeroCount) => {
          const xeroPayments = Array.from({ length: xeroCount }, (_, i) => xeroPayment(i + 1));
          const linked = new Set<string>();
          let applied = 0;
          for (let i = 0; i < stripeCount; i++) {
            const result = findPaymentInXero({
              payment: stripePayment({ id: `pi_${i}`, latest_charge: null }),
              invoiceCurrency: 'USD',
              xeroPayments,
              linkedXeroPaymentIds: linked,
              timeZone: 'Pacific/Auckland',
            });
            if (result.kind === 'applied') {
              expect(linked.has(result.xeroPaymentId)).toBe(false);
              linked.add(result.xeroPaymentId);
              applied++;
            }
            // Never "not applied" while an unclaimed alike payment exists: that would record it twice.
            if (xeroCount - linked.size > 0) expect(result.kind).not.toBe('not_applied');
          }
          expect(applied).toBeLessThanOrEqual(Math.min(stripeCount, xeroCount));
        },
      ),
    );
  });
});
