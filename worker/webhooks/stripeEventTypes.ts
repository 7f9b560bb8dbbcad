/** The Stripe event types Ledgerbridge acts on (issue #22); plain constants, so workflows can import them. */
export const HANDLED_STRIPE_EVENT_TYPES = [
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.refunded',
  'charge.dispute.created',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
] as const;
export type HandledStripeEventType = (typeof HANDLED_STRIPE_EVENT_TYPES)[number];
