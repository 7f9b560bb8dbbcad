import type { CanonicalInvoicePayment } from '../canonical';
import { dateInTimeZone } from './calendarDates';
import { xeroAmountToMinor } from './minorUnits';
import type { StripePaymentFacts } from './stripePayment';

/**
 * Whether Xero already holds a Stripe payment (Xero's own Stripe pay-now marks the invoice paid
 * itself), so Ledgerbridge links the two instead of recording the money a second time. A Xero
 * payment whose reference quotes the Stripe payment's or charge's ID is it; otherwise one with the
 * same amount on the same date (in the Xero organisation's time zone) that no other Stripe payment
 * has claimed. Two such payments, or a quoting one with another amount, go to a person.
 */
export type AppliedInXero =
  | { kind: 'applied'; xeroPaymentId: string; rule: 'reference' | 'amount_date' }
  | { kind: 'not_applied' }
  | {
      kind: 'ambiguous';
      reason: 'several_payments' | 'reference_amount_differs';
      candidates: string[];
    };

export interface AppliedInXeroInput {
  payment: StripePaymentFacts;
  /** The invoice's currency (the payment was matched to it in that currency). */
  invoiceCurrency: string;
  /** The matched invoice's live payments in Xero. */
  xeroPayments: readonly CanonicalInvoicePayment[];
  /** Xero payments already linked to another Stripe payment: never claimed twice. */
  linkedXeroPaymentIds: ReadonlySet<string>;
  /** The Xero organisation's IANA time zone, in which Xero dates its payments. */
  timeZone: string;
}

const STRIPE_ID = /^[A-Za-z0-9_]+$/;

/** A reference quotes a Stripe ID when the ID stands alone in it ("pi_1" is not quoted by "pi_12"). */
function quotes(reference: string | undefined, id: string): boolean {
  if (!reference) return false;
  return new RegExp(`(^|[^A-Za-z0-9_])${id}($|[^A-Za-z0-9_])`).test(reference);
}

export function findPaymentInXero(input: AppliedInXeroInput): AppliedInXero {
  const { payment } = input;
  const sameAmount = (amount: number) => xeroAmountToMinor(amount, input.invoiceCurrency) === payment.amount;
  const unclaimed = input.xeroPayments.filter((p) => !input.linkedXeroPaymentIds.has(p.xeroPaymentId));

  // Only well-formed IDs go into the pattern below.
  const stripeIds = [payment.id, payment.latest_charge].filter(
    (id): id is string => typeof id === 'string' && STRIPE_ID.test(id),
  );
  const quoting = unclaimed.filter((p) => stripeIds.some((id) => quotes(p.reference, id)));
  if (quoting.length > 0) {
    const ids = quoting.map((p) => p.xeroPaymentId).sort();
    const first = quoting[0];
    if (quoting.length === 1 && first && sameAmount(first.amount)) {
      return { kind: 'applied', xeroPaymentId: first.xeroPaymentId, rule: 'reference' };
    }
    return {
      kind: 'ambiguous',
      reason: quoting.length > 1 ? 'several_payments' : 'reference_amount_differs',
      candidates: ids,
    };
  }

  // Currencies Stripe represents specially are not compared by amount: xeroAmountToMinor is undefined.
  const date = dateInTimeZone(payment.succeeded_at, input.timeZone);
  const alike = unclaimed.filter((p) => p.date === date && sameAmount(p.amount));
  const only = alike[0];
  if (alike.length === 1 && only)
    return { kind: 'applied', xeroPaymentId: only.xeroPaymentId, rule: 'amount_date' };
  if (alike.length > 1) {
    return {
      kind: 'ambiguous',
      reason: 'several_payments',
      candidates: alike.map((p) => p.xeroPaymentId).sort(),
    };
  }
  return { kind: 'not_applied' };
}
