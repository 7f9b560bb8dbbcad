import Stripe from 'stripe';

/**
 * Stripe events as the API (version of the pinned SDK) sends them, for the webhook tests: each
 * carries more than Ledgerbridge keeps (a customer's email on the charge's billing details), and
 * times are seconds from a fixed instant, never today.
 */
export const T0 = 1_900_000_000; // seconds

let n = 0;
const eventId = () => `evt_Test${String(++n).padStart(6, '0')}`;

export function event(type: string, object: Record<string, unknown>, created: number) {
  return {
    id: eventId(),
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
}

export const paymentIntent = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  object: 'payment_intent',
  amount: 12_500,
  amount_received: status === 'succeeded' ? 12_500 : 0,
  currency: 'nzd',
  status,
  customer: 'cus_Test1',
  latest_charge: 'ch_Test1',
  metadata: { xero_invoice_number: 'INV-0042' },
  last_payment_error: null,
  description: 'Invoice INV-0042',
  ...extra,
});

export const charge = (id: string, paymentIntentId: string | null) => ({
  id,
  object: 'charge',
  amount: 12_500,
  amount_refunded: 12_500,
  currency: 'nzd',
  refunded: true,
  customer: 'cus_Test1',
  payment_intent: paymentIntentId,
  billing_details: { email: 'payer@example.com', name: 'A Payer' },
  metadata: {},
});

export const invoice = (id: string, attemptCount: unknown) => ({
  id,
  object: 'invoice',
  number: 'ABCD-0001',
  customer: 'cus_Test1',
  customer_email: 'payer@example.com',
  status: 'open',
  currency: 'nzd',
  amount_due: 9_900,
  amount_paid: 0,
  amount_remaining: 9_900,
  attempt_count: attemptCount,
  next_payment_attempt: T0 + 3 * 86_400,
  metadata: {},
  parent: { type: 'subscription_details', subscription_details: { subscription: 'sub_Test1', metadata: {} } },
});

export const subscription = (id: string) => ({
  id,
  object: 'subscription',
  customer: 'cus_Test1',
  status: 'active',
  currency: 'nzd',
  cancel_at_period_end: false,
  canceled_at: null,
  items: {
    object: 'list',
    data: [
      {
        id: 'si_Test1',
        object: 'subscription_item',
        quantity: 3,
        current_period_end: T0 + 30 * 86_400,
        price: {
          id: 'price_Test1',
          object: 'price',
          currency: 'nzd',
          unit_amount: 3_300,
          recurring: { interval: 'month', interval_count: 1 },
        },
      },
    ],
  },
  metadata: {},
});

/** The `Stripe-Signature` header the SDK's scheme gives this body, signed at `timestamp` (seconds). */
export function signature(body: string, secret: string, timestamp: number): string {
  return Stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp });
}
