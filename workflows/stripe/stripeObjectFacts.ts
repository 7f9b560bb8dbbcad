import type { StripePaymentFacts } from '../domain/stripe/stripePayment';
import {
  failedAttemptCount,
  nextRetryAt,
  noFailedAttempts,
  recordFailedAttempt,
  type FailedAttempts,
} from '../domain/stripe/failedAttempts';
import type { SubscriptionFacts } from '../domain/stripe/subscriptionValue';
import type { StripeEvent } from '../../worker/webhooks/stripeEventSchema';
import { HANDLED_STRIPE_EVENT_TYPES } from '../../worker/webhooks/stripeEventTypes';
import type { StripeObjectEvent } from './stripeObjectSignals';

/**
 * What an object's Stripe events add up to, folded from all of them in Stripe's order: the same
 * events in any arrival order, with any repeats, give the same facts. The workflow acts on the
 * facts, never on "the latest event", so a late older event cannot undo a newer one.
 */
export interface StripeObjectFacts {
  /** The payment as the newest payment event shows it (PaymentIntent or Stripe invoice). */
  payment: (StripePaymentFacts & { subscriptionId: string | null }) | null;
  /** The first success: the event that settles the payment. */
  succeeded: { eventId: string; created: number } | null;
  failures: FailedAttempts;
  lastDeclineCode: string | null;
  /** Refunded so far, minor units (charge.refunded carries the running total). */
  refunded: number;
  dispute: { id: string; status: string; reason: string; amount: number; eventId: string } | null;
  /** The newest state of a subscription object. */
  subscription:
    (SubscriptionFacts & { customer: string; currency: string; metadata: Record<string, string> }) | null;
}

export const noFacts: StripeObjectFacts = {
  payment: null,
  succeeded: null,
  failures: noFailedAttempts,
  lastDeclineCode: null,
  refunded: 0,
  dispute: null,
  subscription: null,
};

/**
 * The event as the ingress validated it (stripeEventSchema.ts): its stored fields are that schema's
 * output, so they are read under its type here without zod (the workflow bundle stays free of it).
 */
export function storedEvent(event: StripeObjectEvent): StripeEvent {
  return {
    id: event.eventId,
    object: 'event',
    type: event.type,
    created: event.created,
    livemode: event.livemode,
    data: { object: event.object },
  } as unknown as StripeEvent;
}

const HANDLED = new Set<string>(HANDLED_STRIPE_EVENT_TYPES);

/**
 * Within one second (`created` counts seconds) Stripe's IDs say nothing of order, but an object's
 * life does: made before changed before ended, a failure before the success that ends a payment.
 */
const LIFE_ORDER: Partial<Record<string, number>> = {
  'customer.subscription.created': 0,
  'customer.subscription.updated': 1,
  'customer.subscription.deleted': 2,
  'payment_intent.payment_failed': 0,
  'invoice.payment_failed': 0,
  'payment_intent.succeeded': 1,
  'invoice.paid': 1,
};
const lifeOrder = (event: StripeObjectEvent) => LIFE_ORDER[event.type] ?? 1;

/** Events sorted by `created` (then their place in the object's life, then ID): the order Stripe made them in. */
export function foldStripeObject(events: readonly StripeObjectEvent[]): StripeObjectFacts {
  const ordered = [...events].sort(
    (a, b) => a.created - b.created || lifeOrder(a) - lifeOrder(b) || (a.eventId < b.eventId ? -1 : 1),
  );
  let facts = noFacts;
  for (const stored of ordered) {
    if (HANDLED.has(stored.type)) facts = apply(facts, storedEvent(stored));
  }
  return facts;
}

function apply(facts: StripeObjectFacts, event: StripeEvent): StripeObjectFacts {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.payment_failed': {
      const pi = event.data.object;
      const payment = {
        id: pi.id,
        latest_charge: pi.latest_charge,
        amount: event.type === 'payment_intent.succeeded' ? (pi.amount_received ?? pi.amount) : pi.amount,
        currency: pi.currency,
        customer: pi.customer,
        metadata: pi.metadata,
        succeeded_at: event.created,
        subscriptionId: null,
      };
      if (event.type === 'payment_intent.succeeded') return succeed(facts, payment, event);
      return {
        ...facts,
        payment: facts.succeeded ? facts.payment : payment,
        failures: recordFailedAttempt(facts.failures, { id: event.id, created: event.created }),
        lastDeclineCode:
          pi.last_payment_error?.decline_code ?? pi.last_payment_error?.code ?? facts.lastDeclineCode,
      };
    }
    case 'invoice.paid':
    case 'invoice.payment_failed': {
      const inv = event.data.object;
      const payment = {
        id: inv.id,
        latest_charge: null,
        amount: event.type === 'invoice.paid' ? inv.amount_paid : inv.amount_due,
        currency: inv.currency,
        customer: inv.customer,
        metadata: inv.metadata ?? {},
        succeeded_at: event.created,
        subscriptionId: inv.parent?.subscription_details?.subscription ?? inv.subscription ?? null,
      };
      if (event.type === 'invoice.paid') return succeed(facts, payment, event);
      return {
        ...facts,
        payment: facts.succeeded ? facts.payment : payment,
        failures: recordFailedAttempt(facts.failures, {
          id: event.id,
          created: event.created,
          attempt_count: inv.attempt_count,
          next_payment_attempt: inv.next_payment_attempt,
        }),
      };
    }
    case 'charge.refunded': {
      const charge = event.data.object;
      const payment = facts.payment ?? {
        id: charge.id,
        latest_charge: charge.id,
        amount: charge.amount,
        currency: charge.currency,
        customer: charge.customer,
        metadata: charge.metadata,
        succeeded_at: event.created,
        subscriptionId: null,
      };
      return { ...facts, payment, refunded: Math.max(facts.refunded, charge.amount_refunded) };
    }
    case 'charge.dispute.created': {
      const d = event.data.object;
      return {
        ...facts,
        dispute: { id: d.id, status: d.status, reason: d.reason, amount: d.amount, eventId: event.id },
      };
    }
    case 'customer.subscription.created':
    case 'customer.subscription.updated':
    case 'customer.subscription.deleted': {
      const sub = event.data.object;
      return {
        ...facts,
        subscription: {
          ...sub,
          // A deleted subscription's object says so itself (status canceled); kept as Stripe sent it.
          items: { data: sub.items.data },
        },
      };
    }
  }
}

function succeed(
  facts: StripeObjectFacts,
  payment: NonNullable<StripeObjectFacts['payment']>,
  event: { id: string; created: number },
): StripeObjectFacts {
  if (facts.succeeded) return facts;
  return { ...facts, payment, succeeded: { eventId: event.id, created: event.created } };
}

export { failedAttemptCount, nextRetryAt };
