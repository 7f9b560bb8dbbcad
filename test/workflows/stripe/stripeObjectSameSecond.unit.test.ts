import { foldStripeObject } from '../../../workflows/stripe/stripeObjectFacts';
import type { StripeObjectEvent } from '../../../workflows/stripe/stripeObjectSignals';
import type { JsonObject } from '../../../worker/store/schema';

/** Stripe's `created` counts seconds: a subscription made and activated at once shares one. */
const T0 = 1_900_000_000;

const subscription = (status: string): JsonObject => ({
  id: 'sub_Same1',
  object: 'subscription',
  customer: 'cus_Same1',
  status,
  currency: 'usd',
  cancel_at_period_end: false,
  items: { data: [] },
  metadata: {},
});

const ev = (eventId: string, type: string, object: JsonObject): StripeObjectEvent => ({
  eventId,
  type,
  created: T0,
  livemode: false,
  object,
});

describe('events of one object in the same second', () => {
  it("fold in the object's life order, whatever their IDs", () => {
    // The update's ID sorts first: an order by ID alone would leave the subscription incomplete.
    const created = ev('evt_Z1', 'customer.subscription.created', subscription('incomplete'));
    const updated = ev('evt_A1', 'customer.subscription.updated', subscription('active'));
    for (const events of [
      [created, updated],
      [updated, created],
    ])
      expect(foldStripeObject(events).subscription?.status).toBe('active');
  });
});
