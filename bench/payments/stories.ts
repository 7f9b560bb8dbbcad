import { pick, type Rng } from '../../sandbox/core/random';
import {
  dispute,
  paymentIntent,
  refundedCharge,
  stripeEvent,
  subscription,
  subscriptionInvoice,
  type PaymentFacts,
  type StripeEventBody,
  type SubscriptionFacts,
} from './stripeObjects';

/** An AUTHORISED sales invoice the bench planted in the Xero sandbox, its amount due in minor units. */
export interface PlantedInvoice {
  xeroTenantId: string;
  xeroInvoiceId: string;
  number: string;
  contactId: string;
  amountMinor: number;
  currency: string;
}

/** What one Stripe object went through, as its events in Stripe's order. */
export interface Story {
  events: StripeEventBody[];
  /** A payment that succeeded on a planted invoice: Xero should end with exactly one payment for it. */
  settles?: { stripePaymentId: string; xeroInvoiceId: string };
}

const DECLINES = ['insufficient_funds', 'generic_decline', 'do_not_honor', 'expired_card'];
const DISPUTE_REASONS = ['fraudulent', 'product_not_received', 'duplicate', 'subscription_canceled'];
const DAY = 86_400;

/** Stripe-shaped IDs, unique within one run (the run's tag keeps two runs on one store apart). */
export function idMaker(tag: string) {
  let n = 0;
  return (prefix: string) => `${prefix}_${tag}${(++n).toString(36).padStart(6, '0')}`;
}

export type NextId = ReturnType<typeof idMaker>;

/**
 * A card payment of a planted invoice: declined 0–2 times and retried, then paid; sometimes then
 * refunded (part or full) or disputed. The refund and dispute join the payment's story.
 */
export function paymentStory(rng: Rng, id: NextId, invoice: PlantedInvoice, start: number): Story {
  const p: PaymentFacts = {
    id: id('pi'),
    chargeId: id('ch'),
    customer: `cus_${invoice.contactId.replace(/-/g, '').slice(0, 14)}`,
    amount: invoice.amountMinor,
    currency: invoice.currency,
    invoice: { xeroInvoiceId: invoice.xeroInvoiceId, xeroInvoiceNumber: invoice.number },
  };
  const events: StripeEventBody[] = [];
  let at = start;
  const failures = rng() < 0.35 ? 1 + Math.floor(rng() * 2) : 0;
  for (let i = 0; i < failures; i++) {
    events.push(
      stripeEvent(
        id('evt'),
        'payment_intent.payment_failed',
        paymentIntent(p, 'failed', pick(rng, DECLINES)),
        at,
      ),
    );
    at += DAY * (1 + Math.floor(rng() * 3));
  }
  events.push(stripeEvent(id('evt'), 'payment_intent.succeeded', paymentIntent(p, 'succeeded'), at));
  const after = rng();
  if (after < 0.2) {
    const refunded = rng() < 0.5 ? p.amount : Math.max(1, Math.floor(p.amount / 2));
    events.push(stripeEvent(id('evt'), 'charge.refunded', refundedCharge(p, refunded), at + DAY * 3));
  } else if (after < 0.3) {
    events.push(
      stripeEvent(
        id('evt'),
        'charge.dispute.created',
        dispute(id('dp'), p, pick(rng, DISPUTE_REASONS)),
        at + DAY * 10,
      ),
    );
  }
  return { events, settles: { stripePaymentId: p.id, xeroInvoiceId: invoice.xeroInvoiceId } };
}

/**
 * A monthly subscription: created, its first invoice paid, upgraded or downgraded, a renewal
 * declined then paid on retry, sometimes cancelled. Its invoices are Stripe's own (no Xero invoice).
 */
export function subscriptionStory(rng: Rng, id: NextId, start: number): Story[] {
  const s: SubscriptionFacts = {
    id: id('sub'),
    itemId: id('si'),
    priceId: id('price'),
    customer: id('cus'),
    currency: 'nzd',
    unitAmount: 1_000 * (1 + Math.floor(rng() * 9)),
  };
  let quantity = 1 + Math.floor(rng() * 5);
  let periodEnd = start + 30 * DAY;
  const subEvents: StripeEventBody[] = [];
  const state = (status: string, canceledAt: number | null = null) => ({
    quantity,
    status,
    periodEnd,
    canceledAt,
  });
  subEvents.push(
    stripeEvent(id('evt'), 'customer.subscription.created', subscription(s, state('active')), start),
  );
  const invoiceStories: Story[] = [];
  const billed = (at: number, failFirst: boolean) => {
    const invoiceId = id('in');
    const number = `${s.id.slice(4, 12).toUpperCase()}-${invoiceStories.length + 1}`;
    const amount = s.unitAmount * quantity;
    const events: StripeEventBody[] = [];
    if (failFirst)
      events.push(
        stripeEvent(
          id('evt'),
          'invoice.payment_failed',
          subscriptionInvoice(invoiceId, s, {
            amount,
            paid: false,
            attempts: 1,
            nextAttempt: at + 3 * DAY,
            number,
          }),
          at,
        ),
      );
    events.push(
      stripeEvent(
        id('evt'),
        'invoice.paid',
        subscriptionInvoice(invoiceId, s, {
          amount,
          paid: true,
          attempts: failFirst ? 2 : 1,
          nextAttempt: null,
          number,
        }),
        failFirst ? at + 3 * DAY : at,
      ),
    );
    invoiceStories.push({ events });
  };
  billed(start, false);
  const changes = Math.floor(rng() * 3);
  for (let i = 0; i < changes; i++) {
    quantity = Math.max(1, quantity + (rng() < 0.7 ? 1 + Math.floor(rng() * 3) : -1));
    subEvents.push(
      stripeEvent(
        id('evt'),
        'customer.subscription.updated',
        subscription(s, state('active')),
        start + (i + 1) * 5 * DAY,
      ),
    );
  }
  const renewal = start + 30 * DAY;
  billed(renewal, rng() < 0.3);
  periodEnd += 30 * DAY;
  subEvents.push(
    stripeEvent(id('evt'), 'customer.subscription.updated', subscription(s, state('active')), renewal + 60),
  );
  if (rng() < 0.2)
    subEvents.push(
      stripeEvent(
        id('evt'),
        'customer.subscription.deleted',
        subscription(s, state('canceled', renewal + 20 * DAY)),
        renewal + 20 * DAY,
      ),
    );
  return [{ events: subEvents }, ...invoiceStories];
}
