import fc from 'fast-check';
import { dealPaymentStateOf } from '../../../workflows/stripe/dealPaymentState';
import { foldStripeObject } from '../../../workflows/stripe/stripeObjectFacts';
import type { StripeObjectEvent } from '../../../workflows/stripe/stripeObjectSignals';
import type { JsonObject } from '../../../worker/store/schema';

/** Events as the ingress stores them (validated fields only); times from a fixed instant, never today. */
const T0 = 1_900_000_000;

const intent = (status: string, extra: JsonObject = {}): JsonObject => ({
  id: 'pi_Demo1',
  object: 'payment_intent',
  amount: 12_500,
  amount_received: status === 'succeeded' ? 12_500 : 0,
  currency: 'usd',
  status,
  customer: 'cus_Demo1',
  latest_charge: 'ch_Demo1',
  metadata: { xero_invoice_id: 'inv-1' },
  last_payment_error:
    status === 'succeeded' ? null : { code: 'card_declined', decline_code: 'insufficient_funds' },
  ...extra,
});

const ev = (eventId: string, type: string, created: number, object: JsonObject): StripeObjectEvent => ({
  eventId,
  type,
  created,
  livemode: false,
  object,
});

const failed1 = ev('evt_F1', 'payment_intent.payment_failed', T0, intent('requires_payment_method'));
const failed2 = ev('evt_F2', 'payment_intent.payment_failed', T0 + 60, intent('requires_payment_method'));
const paid = ev('evt_P1', 'payment_intent.succeeded', T0 + 120, intent('succeeded'));
const refunded = ev('evt_R1', 'charge.refunded', T0 + 180, {
  id: 'ch_Demo1',
  object: 'charge',
  amount: 12_500,
  amount_refunded: 2_500,
  currency: 'usd',
  refunded: false,
  customer: 'cus_Demo1',
  payment_intent: 'pi_Demo1',
  metadata: {},
});
const disputed = ev('evt_D1', 'charge.dispute.created', T0 + 240, {
  id: 'dp_Demo1',
  object: 'dispute',
  amount: 10_000,
  currency: 'usd',
  charge: 'ch_Demo1',
  payment_intent: 'pi_Demo1',
  reason: 'fraudulent',
  status: 'needs_response',
});

describe('a Stripe payment object folded from its events', () => {
  it('counts each failed attempt, then shows it paid with the counter kept', () => {
    expect(dealPaymentStateOf(foldStripeObject([failed1]))).toMatchObject({
      status: 'failed',
      failedAttempts: 1,
      lastDeclineCode: 'insufficient_funds',
      stripeReference: 'pi_Demo1',
    });
    const facts = foldStripeObject([failed1, failed2, paid]);
    expect(facts.succeeded?.eventId).toBe('evt_P1');
    expect(dealPaymentStateOf(facts)).toMatchObject({
      status: 'paid',
      failedAttempts: 2,
      nextAttemptAt: null,
    });
  });

  it('shows a partial refund in major units, and a dispute above it', () => {
    expect(dealPaymentStateOf(foldStripeObject([paid, refunded]))).toMatchObject({
      status: 'partially_refunded',
      refundedAmount: 25,
    });
    expect(dealPaymentStateOf(foldStripeObject([paid, refunded, disputed]))).toMatchObject({
      status: 'disputed',
      dispute: { status: 'needs_response', reason: 'fraudulent', amount: 100 },
    });
  });

  it('says retries are exhausted once Stripe says it will not retry an invoice', () => {
    const invoice = (attempt: number, next: number | null): JsonObject => ({
      id: 'in_Demo1',
      object: 'invoice',
      number: 'DEMO-0001',
      customer: 'cus_Demo1',
      status: 'open',
      currency: 'usd',
      amount_due: 4_900,
      amount_paid: 0,
      amount_remaining: 4_900,
      attempt_count: attempt,
      next_payment_attempt: next,
      metadata: {},
      parent: { subscription_details: { subscription: 'sub_Demo1' } },
    });
    const first = ev('evt_I1', 'invoice.payment_failed', T0, invoice(1, T0 + 3 * 86_400));
    const last = ev('evt_I4', 'invoice.payment_failed', T0 + 15 * 86_400, invoice(4, null));
    expect(dealPaymentStateOf(foldStripeObject([first]))).toMatchObject({
      status: 'failed',
      nextAttemptAt: new Date((T0 + 3 * 86_400) * 1000).toISOString(),
    });
    const facts = foldStripeObject([last, first]);
    expect(facts.payment?.subscriptionId).toBe('sub_Demo1');
    expect(dealPaymentStateOf(facts)).toMatchObject({ status: 'retries_exhausted', failedAttempts: 4 });
  });

  it('knows nothing to show before a payment event', () => {
    expect(dealPaymentStateOf(foldStripeObject([]))).toBeUndefined();
  });

  it('gives the same facts in any arrival order and with repeats', () => {
    const all = [failed1, failed2, paid, refunded, disputed];
    const expected = foldStripeObject(all);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }),
        fc.array(fc.constantFrom(...all), { maxLength: 4 }),
        (shuffled, repeats) => {
          // Repeats are dropped by the workflow before folding; the fold itself must not care about order.
          const unique = [...new Map([...shuffled, ...repeats].map((e) => [e.eventId, e])).values()];
          expect(foldStripeObject(unique)).toEqual(expected);
        },
      ),
    );
  });
});
