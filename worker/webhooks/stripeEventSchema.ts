import { z } from 'zod';

/**
 * The Stripe events Ledgerbridge acts on (issue #22), and the fields of each it relies on, in
 * Stripe's own names (API version of the pinned `stripe` SDK, 2026-10-28). Parsing keeps only these
 * fields: what is stored and handed to Temporal carries no more of a customer than needed. A field
 * that moved between API versions (a subscription's `current_period_end` now on its items, an
 * invoice's subscription now under `parent`) is optional in both places.
 */
export { HANDLED_STRIPE_EVENT_TYPES, type HandledStripeEventType } from './stripeEventTypes';
import { HANDLED_STRIPE_EVENT_TYPES, type HandledStripeEventType } from './stripeEventTypes';

/** A Stripe object ID: it goes into workflow IDs and the store, so only the characters Stripe uses. */
const stripeId = z.string().regex(/^[A-Za-z0-9_]{3,255}$/, { error: 'expected a Stripe object ID' });
/** An expandable field: the ID, or the object expanded (its ID is kept). */
const ref = z.union([stripeId, z.object({ id: stripeId }).transform((o) => o.id)]);
const amount = z.number().int();
const currency = z.string().regex(/^[a-z]{3}$/, { error: 'expected a lowercase ISO currency code' });
const unixTime = z.number().int().nonnegative();
const metadata = z.record(z.string(), z.string()).default({});

const paymentIntent = z.object({
  id: stripeId,
  object: z.literal('payment_intent'),
  amount,
  amount_received: amount.optional(),
  currency,
  status: z.string(),
  customer: ref.nullable().default(null),
  latest_charge: ref.nullable().default(null),
  metadata,
  // The decline's codes only: its message is for the payer.
  last_payment_error: z
    .object({ code: z.string().optional(), decline_code: z.string().optional() })
    .nullable()
    .default(null),
});

const charge = z.object({
  id: stripeId,
  object: z.literal('charge'),
  amount,
  amount_refunded: amount,
  currency,
  refunded: z.boolean(),
  customer: ref.nullable().default(null),
  payment_intent: ref.nullable().default(null),
  metadata,
});

const dispute = z.object({
  id: stripeId,
  object: z.literal('dispute'),
  amount,
  currency,
  charge: ref,
  payment_intent: ref.nullable().default(null),
  reason: z.string(),
  status: z.string(),
});

const invoice = z.object({
  id: stripeId,
  object: z.literal('invoice'),
  number: z.string().nullable().default(null),
  customer: ref.nullable().default(null),
  status: z.string().nullable(),
  currency,
  amount_due: amount,
  amount_paid: amount,
  amount_remaining: amount,
  attempt_count: z.number().int().nonnegative(),
  next_payment_attempt: unixTime.nullable(),
  metadata: metadata.nullable().default({}),
  parent: z
    .object({ subscription_details: z.object({ subscription: ref }).nullable().optional() })
    .nullable()
    .optional(),
  subscription: ref.nullable().optional(),
});

const subscriptionItem = z.object({
  id: stripeId,
  quantity: z.number().int().nonnegative().optional(),
  current_period_end: unixTime.optional(),
  price: z.object({
    id: stripeId,
    currency,
    unit_amount: amount.nullable(),
    recurring: z
      .object({
        interval: z.enum(['day', 'week', 'month', 'year']),
        interval_count: z.number().int().positive(),
      })
      .nullable(),
  }),
});

const subscription = z.object({
  id: stripeId,
  object: z.literal('subscription'),
  customer: ref,
  status: z.string(),
  currency,
  cancel_at_period_end: z.boolean(),
  canceled_at: unixTime.nullable().default(null),
  /** A cancellation set for a date, and when it ended: the renewal date depends on both. */
  cancel_at: unixTime.nullable().default(null),
  ended_at: unixTime.nullable().default(null),
  current_period_end: unixTime.optional(),
  items: z.object({ data: z.array(subscriptionItem) }),
  metadata,
});

const envelope = <T extends HandledStripeEventType, O extends z.ZodType>(types: T[], object: O) =>
  z.object({
    id: z.string().regex(/^evt_[A-Za-z0-9_]{1,250}$/, { error: 'expected a Stripe event ID (evt_…)' }),
    object: z.literal('event'),
    type: z.enum(types),
    created: unixTime,
    livemode: z.boolean(),
    data: z.object({ object }),
  });

export const stripeEventSchema = z.discriminatedUnion('type', [
  envelope(['payment_intent.succeeded', 'payment_intent.payment_failed'], paymentIntent),
  envelope(['charge.refunded'], charge),
  envelope(['charge.dispute.created'], dispute),
  envelope(['invoice.paid', 'invoice.payment_failed'], invoice),
  envelope(
    ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.deleted'],
    subscription,
  ),
]);
export type StripeEvent = z.infer<typeof stripeEventSchema>;

export function isHandledStripeEventType(type: unknown): type is HandledStripeEventType {
  return (HANDLED_STRIPE_EVENT_TYPES as readonly unknown[]).includes(type);
}
