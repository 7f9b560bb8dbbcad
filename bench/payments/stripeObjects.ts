/**
 * Stripe objects and events as the API (version of the pinned SDK) sends them, for the bench's
 * stream: each carries more than Ledgerbridge keeps (billing details, descriptions), as Stripe's do.
 */
export const STRIPE_API_VERSION = '2026-10-28.endive';

export interface StripeEventBody {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
  data: { object: Record<string, unknown> };
}

export function stripeEvent(id: string, type: string, object: Record<string, unknown>, created: number) {
  const body: StripeEventBody = {
    id,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  };
  return body;
}

export interface InvoiceRef {
  xeroInvoiceId: string;
  xeroInvoiceNumber: string;
}

export interface PaymentFacts {
  id: string;
  chargeId: string;
  customer: string;
  amount: number;
  currency: string;
  invoice: InvoiceRef;
}

export function paymentIntent(p: PaymentFacts, outcome: 'succeeded' | 'failed', declineCode?: string) {
  return {
    id: p.id,
    object: 'payment_intent',
    amount: p.amount,
    amount_received: outcome === 'succeeded' ? p.amount : 0,
    currency: p.currency,
    status: outcome === 'succeeded' ? 'succeeded' : 'requires_payment_method',
    customer: p.customer,
    latest_charge: p.chargeId,
    description: `Invoice ${p.invoice.xeroInvoiceNumber}`,
    metadata: { xero_invoice_id: p.invoice.xeroInvoiceId, xero_invoice_number: p.invoice.xeroInvoiceNumber },
    last_payment_error:
      outcome === 'failed'
        ? { type: 'card_error', code: 'card_declined', decline_code: declineCode, message: 'Declined.' }
        : null,
  };
}

export function refundedCharge(p: PaymentFacts, refunded: number) {
  return {
    id: p.chargeId,
    object: 'charge',
    amount: p.amount,
    amount_refunded: refunded,
    currency: p.currency,
    refunded: refunded === p.amount,
    customer: p.customer,
    payment_intent: p.id,
    billing_details: { email: `${p.customer}@example.com`, name: 'A Payer' },
    metadata: {},
  };
}

export function dispute(id: string, p: PaymentFacts, reason: string) {
  return {
    id,
    object: 'dispute',
    amount: p.amount,
    currency: p.currency,
    charge: p.chargeId,
    payment_intent: p.id,
    reason,
    status: 'needs_response',
    evidence_details: { due_by: null, has_evidence: false },
  };
}

export interface SubscriptionFacts {
  id: string;
  itemId: string;
  priceId: string;
  customer: string;
  currency: string;
  unitAmount: number;
}

export function subscription(
  s: SubscriptionFacts,
  state: { quantity: number; status: string; periodEnd: number; canceledAt: number | null },
) {
  return {
    id: s.id,
    object: 'subscription',
    customer: s.customer,
    status: state.status,
    currency: s.currency,
    cancel_at_period_end: false,
    canceled_at: state.canceledAt,
    items: {
      object: 'list',
      data: [
        {
          id: s.itemId,
          object: 'subscription_item',
          quantity: state.quantity,
          current_period_end: state.periodEnd,
          price: {
            id: s.priceId,
            object: 'price',
            currency: s.currency,
            unit_amount: s.unitAmount,
            recurring: { interval: 'month', interval_count: 1 },
          },
        },
      ],
    },
    metadata: {},
  };
}

export function subscriptionInvoice(
  id: string,
  s: SubscriptionFacts,
  state: { amount: number; paid: boolean; attempts: number; nextAttempt: number | null; number: string },
) {
  return {
    id,
    object: 'invoice',
    number: state.number,
    customer: s.customer,
    customer_email: `${s.customer}@example.com`,
    status: state.paid ? 'paid' : 'open',
    currency: s.currency,
    amount_due: state.amount,
    amount_paid: state.paid ? state.amount : 0,
    amount_remaining: state.paid ? 0 : state.amount,
    attempt_count: state.attempts,
    next_payment_attempt: state.nextAttempt,
    metadata: {},
    parent: { type: 'subscription_details', subscription_details: { subscription: s.id, metadata: {} } },
  };
}
