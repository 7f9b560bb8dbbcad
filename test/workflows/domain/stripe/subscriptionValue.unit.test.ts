import fc from 'fast-check';
import type Stripe from 'stripe';
import {
  subscriptionValue,
  type SubscriptionFacts,
  type SubscriptionItemFacts,
} from '../../../../workflows/domain/stripe/subscriptionValue';

// The SDK's own Subscription type fits: the rules read Stripe's fields under Stripe's names.
const fromSdk = (subscription: Stripe.Subscription): SubscriptionFacts => subscription;
void fromSdk;

const PERIOD_END = Date.UTC(2026, 4, 1) / 1000;
const item = (
  unit_amount: number | null,
  interval = 'month',
  quantity: number | undefined = 1,
  fields: Partial<SubscriptionItemFacts['price']['recurring'] & object> = {},
): SubscriptionItemFacts => ({
  id: `si_${interval}_${unit_amount}`,
  quantity,
  current_period_end: PERIOD_END,
  price: {
    id: 'price_1',
    currency: 'usd',
    unit_amount,
    recurring: { interval, interval_count: 1, ...fields },
  },
});
const subscription = (
  items: SubscriptionItemFacts[],
  fields: Partial<SubscriptionFacts> = {},
): SubscriptionFacts => ({
  id: 'sub_1',
  status: 'active',
  cancel_at_period_end: false,
  cancel_at: null,
  ended_at: null,
  items: { data: items },
  ...fields,
});

describe('subscriptionValue', () => {
  it('sums monthly and yearly items, by quantity, into ARR and MRR in minor units', () => {
    expect(subscriptionValue(subscription([item(5000, 'month', 3), item(120000, 'year')]))).toEqual({
      kind: 'valued',
      status: 'active',
      currency: 'usd',
      arr: 5000 * 3 * 12 + 120000,
      mrr: 15000 + 10000,
      renewsAt: '2026-05-01T00:00:00.000Z',
      endsAt: null,
    });
  });

  it('divides by interval_count and rounds once, for the whole subscription', () => {
    const quarterly = subscriptionValue(subscription([item(1000, 'month', 1, { interval_count: 3 })]));
    expect(quarterly).toMatchObject({ arr: 4000, mrr: 333 });
    // 2.4 a year each: 5 rounded once, 4 if each item were rounded.
    const fifths = subscriptionValue(
      subscription([item(1, 'month', 1, { interval_count: 5 }), item(1, 'month', 1, { interval_count: 5 })]),
    );
    expect(fifths).toMatchObject({ arr: 5 });
  });

  it('is 0 and does not renew once cancelled, with its end', () => {
    const ended = Date.UTC(2026, 3, 10) / 1000;
    expect(
      subscriptionValue(subscription([item(5000)], { status: 'canceled', ended_at: ended })),
    ).toMatchObject({
      arr: 0,
      mrr: 0,
      renewsAt: null,
      endsAt: '2026-04-10T00:00:00.000Z',
    });
  });

  it('keeps its value until a cancellation at period end, but no longer renews', () => {
    expect(subscriptionValue(subscription([item(5000)], { cancel_at_period_end: true }))).toMatchObject({
      mrr: 5000,
      renewsAt: null,
      endsAt: '2026-05-01T00:00:00.000Z',
    });
    const later = PERIOD_END + 90 * 86_400;
    expect(subscriptionValue(subscription([item(5000)], { cancel_at: later }))).toMatchObject({
      renewsAt: '2026-05-01T00:00:00.000Z',
      endsAt: new Date(later * 1000).toISOString(),
    });
  });

  it('values trials, paused and unpaid subscriptions at 0 and says why through the status', () => {
    for (const status of ['trialing', 'paused', 'unpaid', 'incomplete']) {
      expect(subscriptionValue(subscription([item(5000)], { status }))).toMatchObject({
        status,
        arr: 0,
        mrr: 0,
      });
    }
    expect(subscriptionValue(subscription([item(5000)], { status: 'past_due' }))).toMatchObject({
      mrr: 5000,
    });
  });

  it('renews on the earliest item’s period end', () => {
    const early = { ...item(100), current_period_end: PERIOD_END - 86_400 };
    expect(subscriptionValue(subscription([item(5000, 'year'), early]))).toMatchObject({
      renewsAt: '2026-04-30T00:00:00.000Z',
    });
  });

  it('reads the period end from the subscription under API versions before 2025-03-31', () => {
    const older = { ...item(5000), current_period_end: undefined };
    expect(subscriptionValue(subscription([older], { current_period_end: PERIOD_END }))).toMatchObject({
      renewsAt: '2026-05-01T00:00:00.000Z',
    });
    expect(subscriptionValue(subscription([item(5000), older]))).toEqual({
      kind: 'unsupported',
      reason: 'no current_period_end',
      param: 'items.data[1].current_period_end',
    });
  });

  it('refuses what it cannot value, naming the field', () => {
    expect(subscriptionValue(subscription([item(5000), item(null)]))).toEqual({
      kind: 'unsupported',
      reason: 'no unit_amount (tiered or decimal price)',
      param: 'items.data[1].price.unit_amount',
    });
    expect(
      subscriptionValue(subscription([item(5000, 'month', 1, { usage_type: 'metered' })])),
    ).toMatchObject({
      param: 'items.data[0].price.recurring.usage_type',
    });
    expect(subscriptionValue(subscription([item(5000, 'fortnight')]))).toMatchObject({
      param: 'items.data[0].price.recurring.interval',
    });
    const eur = { ...item(100), price: { ...item(100).price, currency: 'eur' } };
    expect(subscriptionValue(subscription([item(5000), eur]))).toMatchObject({
      param: 'items.data[].price.currency',
    });
    expect(subscriptionValue(subscription([]))).toMatchObject({ param: 'items.data' });
  });

  describe('properties', () => {
    const itemArb = fc
      .record({
        unit_amount: fc.integer({ min: 0, max: 10_000_000 }),
        interval: fc.constantFrom('day', 'week', 'month', 'year'),
        interval_count: fc.integer({ min: 1, max: 12 }),
        quantity: fc.integer({ min: 1, max: 1000 }),
      })
      .map((i) => item(i.unit_amount, i.interval, i.quantity, { interval_count: i.interval_count }));
    const itemsArb = fc.array(itemArb, { minLength: 1, maxLength: 5 });

    it('MRR is ARR / 12 to within rounding', () => {
      fc.assert(
        fc.property(itemsArb, (items) => {
          const value = subscriptionValue(subscription(items));
          if (value.kind !== 'valued') throw new Error('expected a value');
          expect(Math.abs(value.mrr * 12 - value.arr)).toBeLessThanOrEqual(6.5);
        }),
      );
    });

    it('a yearly price is worth twelve monthly ones, and doubling every quantity doubles ARR', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 1_000_000 }),
          fc.integer({ min: 1, max: 500 }),
          (amount, quantity) => {
            const monthly = subscriptionValue(subscription([item(amount, 'month', quantity)]));
            const yearly = subscriptionValue(subscription([item(amount * 12, 'year', quantity)]));
            const doubled = subscriptionValue(subscription([item(amount, 'month', quantity * 2)]));
            expect(monthly).toMatchObject({ arr: amount * quantity * 12 });
            expect(yearly).toMatchObject({ arr: amount * quantity * 12 });
            expect(doubled).toMatchObject({ arr: amount * quantity * 24 });
          },
        ),
      );
    });

    it('a cancelled subscription is worth 0, whatever its items', () => {
      fc.assert(
        fc.property(itemsArb, fc.constantFrom('canceled', 'incomplete_expired'), (items, status) => {
          expect(subscriptionValue(subscription(items, { status }))).toMatchObject({
            arr: 0,
            mrr: 0,
            renewsAt: null,
          });
        }),
      );
    });
  });
});
