import Stripe from 'stripe';
import { DAY, startStripe, stripeError, type StripeHarness } from './harness';

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

describe('Stripe emulator: subscriptions and invoices through the stripe SDK', () => {
  let h: StripeHarness;
  let monthly: Stripe.Price;
  let yearly: Stripe.Price;
  beforeEach(async () => {
    h = await startStripe();
    monthly = await h.stripe.prices.create({
      currency: 'usd',
      unit_amount: 4_900,
      recurring: { interval: 'month' },
      product_data: { name: 'Team' },
    });
    yearly = await h.stripe.prices.create({
      currency: 'usd',
      unit_amount: 49_000,
      recurring: { interval: 'year' },
      product_data: { name: 'Team yearly' },
    });
  });
  afterEach(async () => h.close());

  const customerWith = (paymentMethod: string) =>
    h.stripe.customers.create({
      email: 'billing@acme.example',
      invoice_settings: { default_payment_method: paymentMethod },
    });
  const invoicesOf = async (subscription: string) =>
    (await h.stripe.invoices.list({ subscription })).data.reverse();

  it('creates an active subscription billed in advance: items carry the period, the first invoice is paid', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id, quantity: 3 }],
      metadata: { xero_contact_id: 'c-1' },
      expand: ['latest_invoice'],
    });
    expect(sub.status).toBe('active');
    const item = sub.items.data[0]!;
    expect(item).toMatchObject({ quantity: 3, price: { id: monthly.id, unit_amount: 4_900 } });
    // 31 January + one month is the end of February (Stripe bills calendar months).
    expect(iso(item.current_period_start)).toBe('2026-01-31T12:00:00.000Z');
    expect(iso(item.current_period_end)).toBe('2026-02-28T12:00:00.000Z');
    const invoice = sub.latest_invoice as Stripe.Invoice;
    expect(invoice).toMatchObject({
      status: 'paid',
      amount_due: 14_700,
      amount_paid: 14_700,
      attempt_count: 1,
      billing_reason: 'subscription_create',
      next_payment_attempt: null,
      parent: { subscription_details: { subscription: sub.id } },
    });
    expect(invoice.number).toMatch(/^[A-Z0-9]{8}-0001$/);
  });

  it('updates quantity and price of an item, adds and removes items, and refuses a mixed interval', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
    });
    const seat = await h.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1_000,
      recurring: { interval: 'month' },
      product_data: { name: 'Seat' },
    });
    const itemId = sub.items.data[0]!.id;
    const updated = await h.stripe.subscriptions.update(sub.id, {
      items: [
        { id: itemId, quantity: 5 },
        { price: seat.id, quantity: 2 },
      ],
    });
    expect(updated.items.data.map((i) => [i.price.id, i.quantity])).toEqual([
      [monthly.id, 5],
      [seat.id, 2],
    ]);
    const removed = await h.stripe.subscriptions.update(sub.id, { items: [{ id: itemId, deleted: true }] });
    expect(removed.items.data.map((i) => i.price.id)).toEqual([seat.id]);
    const mixed = await stripeError(h.stripe.subscriptions.update(sub.id, { items: [{ price: yearly.id }] }));
    expect(mixed).toMatchObject({ statusCode: 400, param: 'items[0][price]' });
    // Refused whole: nothing of it was applied.
    expect((await h.stripe.subscriptions.retrieve(sub.id)).items.data.map((i) => i.price.id)).toEqual([
      seat.id,
    ]);
    const events = await h.stripe.events.list({ type: 'customer.subscription.updated', limit: 1 });
    const previous = events.data[0]!.data.previous_attributes as { items?: { data: unknown[] } };
    expect(previous.items?.data).toHaveLength(2);
  });

  it('renews at period end, and cancels at period end or at once', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
    });
    h.emulator.advance(60 * DAY); // through 28 Feb and 28 Mar
    const renewed = await h.stripe.subscriptions.retrieve(sub.id);
    expect(iso(renewed.items.data[0]!.current_period_end)).toBe('2026-04-28T12:00:00.000Z');
    const invoices = await invoicesOf(sub.id);
    expect(invoices.map((i) => [i.billing_reason, i.status, iso(i.created)])).toEqual([
      ['subscription_create', 'paid', '2026-01-31T12:00:00.000Z'],
      ['subscription_cycle', 'paid', '2026-02-28T12:00:00.000Z'],
      ['subscription_cycle', 'paid', '2026-03-28T12:00:00.000Z'],
    ]);
    const ending = await h.stripe.subscriptions.update(sub.id, { cancel_at_period_end: true });
    expect(ending.cancel_at).toBe(renewed.items.data[0]!.current_period_end);
    h.emulator.advance(31 * DAY);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('canceled');
    expect(await invoicesOf(sub.id)).toHaveLength(3);

    const other = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: yearly.id }],
    });
    const cancelled = await h.stripe.subscriptions.cancel(other.id);
    expect(cancelled).toMatchObject({ status: 'canceled', canceled_at: h.nowSeconds() });
  });

  it('a failed renewal is retried on the schedule (attempt_count, next_payment_attempt), then the subscription ends', async () => {
    const customer = await customerWith('pm_card_visa');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
    });
    await h.stripe.customers.update(customer.id, {
      invoice_settings: { default_payment_method: 'pm_card_chargeDeclinedInsufficientFunds' },
    });
    const renewalAt = sub.items.data[0]!.current_period_end;
    h.emulator.advance(28 * DAY);
    let [, renewal] = await invoicesOf(sub.id);
    expect(renewal).toMatchObject({
      status: 'open',
      attempt_count: 1,
      next_payment_attempt: renewalAt + 3 * DAY,
    });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('past_due');
    h.emulator.advance(3 * DAY);
    [, renewal] = await invoicesOf(sub.id);
    expect(renewal).toMatchObject({ attempt_count: 2, next_payment_attempt: renewalAt + 8 * DAY });
    h.emulator.advance(12 * DAY); // the third (day 8) and last (day 15) attempts
    [, renewal] = await invoicesOf(sub.id);
    expect(renewal).toMatchObject({ status: 'open', attempt_count: 4, next_payment_attempt: null });
    expect(await h.stripe.subscriptions.retrieve(sub.id)).toMatchObject({
      status: 'canceled',
      cancellation_details: { reason: 'payment_failed' },
    });
    const failures = await h.stripe.events.list({ type: 'invoice.payment_failed' });
    expect(failures.data.map((e) => (e.data.object as Stripe.Invoice).attempt_count)).toEqual([4, 3, 2, 1]);
  });

  it('a new card before the next retry pays the invoice and the subscription is active again', async () => {
    const customer = await customerWith('pm_card_chargeDeclined');
    const sub = await h.stripe.subscriptions.create({
      customer: customer.id,
      items: [{ price: monthly.id }],
    });
    // The first invoice fails: the subscription is incomplete and Stripe does not retry it.
    expect(sub.status).toBe('incomplete');
    const [first] = await invoicesOf(sub.id);
    expect(first).toMatchObject({ status: 'open', attempt_count: 1, next_payment_attempt: null });
    // A second decline on the first invoice leaves it incomplete, with nothing scheduled.
    await expect(h.stripe.invoices.pay(first!.id)).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('incomplete');
    await h.stripe.subscriptions.update(sub.id, { default_payment_method: 'pm_card_visa' });
    const paid = await h.stripe.invoices.pay(first!.id);
    expect(paid).toMatchObject({ status: 'paid', attempt_count: 3, next_payment_attempt: null });
    expect((await h.stripe.subscriptions.retrieve(sub.id)).status).toBe('active');
  });
});
