import type { DealPaymentState, DealPaymentStatus } from '../../worker/payments/crmPaymentsPort';
import { minorToMajor } from '../domain/stripe/minorUnits';
import { failedAttemptCount, nextRetryAt, type StripeObjectFacts } from './stripeObjectFacts';

/**
 * What the deal shows of a Stripe payment: a dispute outranks a refund, a refund a payment, a
 * payment its earlier failures (the counter stays, as history); failures alone are `failed` while
 * Stripe will retry and `retries_exhausted` once it said it will not (an invoice whose
 * `next_payment_attempt` is null). Undefined before anything is known of the payment.
 */
export function dealPaymentStateOf(facts: StripeObjectFacts): DealPaymentState | undefined {
  const payment = facts.payment;
  if (!payment) return undefined;
  const failedAttempts = failedAttemptCount(facts.failures);
  const retryAt = nextRetryAt(facts.failures);
  const major = (amount: number) => minorToMajor(amount, payment.currency);
  let status: DealPaymentStatus;
  if (facts.dispute) status = 'disputed';
  else if (facts.refunded > 0 && facts.refunded >= payment.amount) status = 'refunded';
  else if (facts.refunded > 0) status = 'partially_refunded';
  else if (facts.succeeded) status = 'paid';
  else if (failedAttempts === 0) return undefined;
  else status = facts.failures.latest && retryAt === null ? 'retries_exhausted' : 'failed';
  return {
    status,
    failedAttempts,
    nextAttemptAt: facts.succeeded || retryAt === null ? null : new Date(retryAt * 1000).toISOString(),
    lastDeclineCode: facts.lastDeclineCode,
    refundedAmount: major(facts.refunded),
    dispute: facts.dispute
      ? { status: facts.dispute.status, reason: facts.dispute.reason, amount: major(facts.dispute.amount) }
      : null,
    stripeReference: payment.id,
  };
}
