import Stripe from 'stripe';
import { startStripe, stripeError, type StripeHarness } from './harness';

describe('Stripe emulator: payments through the stripe SDK', () => {
  let h: StripeHarness;
  beforeEach(async () => {
    h = await startStripe();
  });
  afterEach(async () => h.close());

  it('creates, updates, retrieves and lists customers', async () => {
    const created = await h.stripe.customers.create({
      email: 'billing@acme.example',
      name: 'Acme',
      metadata: { xero_contact_id: 'c-1' },
    });
    expect(created).toMatchObject({ object: 'customer', email: 'billing@acme.example', livemode: false });
    expect(created.id).toMatch(/^cus_[A-Za-z0-9]{14}$/);
    const updated = await h.stripe.customers.update(created.id, {
      metadata: { tier: 'gold', xero_contact_id: '' },
    });
    expect(updated.metadata).toEqual({ tier: 'gold' });
    await h.stripe.customers.create({ email: 'other@example.com' });
    const listed = await h.stripe.customers.list({ email: 'billing@acme.example' });
    expect(listed.data.map((c) => c.id)).toEqual([created.id]);
  });

  it('confirms a payment with a good card: succeeded, with its charge (expanded)', async () => {
    const customer = await h.stripe.customers.create({ email: 'a@example.com' });
    const intent = await h.stripe.paymentIntents.create({
      amount: 12_345,
      currency: 'NZD',
      customer: customer.id,
      payment_method: 'pm_card_visa',
      metadata: { xero_invoice_number: 'INV-0042' },
    });
    expect(intent.status).toBe('requires_confirmation');
    const confirmed = await h.stripe.paymentIntents.confirm(intent.id, { expand: ['latest_charge'] });
    expect(confirmed).toMatchObject({ status: 'succeeded', amount_received: 12_345, currency: 'nzd' });
    const charge = confirmed.latest_charge as Stripe.Charge;
    expect(charge).toMatchObject({
      object: 'charge',
      status: 'succeeded',
      paid: true,
      payment_intent: intent.id,
    });
    expect(charge.metadata).toEqual({ xero_invoice_number: 'INV-0042' });
    const again = await h.stripe.paymentIntents.retrieve(intent.id);
    expect(again.latest_charge).toBe(charge.id);
  });

  it('a declined card is a 402 card_error naming the decline, and the intent waits for a new method', async () => {
    const error = await stripeError(
      h.stripe.paymentIntents.create({
        amount: 5_000,
        currency: 'usd',
        payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        confirm: true,
      }),
    );
    expect(error).toBeInstanceOf(Stripe.errors.StripeCardError);
    const cardError = error as Stripe.errors.StripeCardError;
    expect(cardError.statusCode).toBe(402);
    expect(cardError.code).toBe('card_declined');
    expect(cardError.decline_code).toBe('insufficient_funds');
    const intent = cardError.payment_intent as Stripe.PaymentIntent;
    expect(intent.status).toBe('requires_payment_method');
    expect(intent.last_payment_error?.decline_code).toBe('insufficient_funds');
    const charge = await h.stripe.charges.retrieve(intent.latest_charge as string);
    expect(charge).toMatchObject({ status: 'failed', failure_code: 'card_declined', paid: false });
    // The customer tries another card.
    const retried = await h.stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(retried.status).toBe('succeeded');
  });

  it('refunds in part then in full, and refuses more than what is left (naming amount)', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 10_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const part = await h.stripe.refunds.create({ payment_intent: intent.id, amount: 2_500 });
    expect(part).toMatchObject({
      object: 'refund',
      amount: 2_500,
      status: 'succeeded',
      payment_intent: intent.id,
    });
    const tooMuch = await stripeError(h.stripe.refunds.create({ payment_intent: intent.id, amount: 9_000 }));
    expect(tooMuch).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((tooMuch as Stripe.errors.StripeError).param).toBe('amount');
    await h.stripe.refunds.create({ payment_intent: intent.id });
    const charge = await h.stripe.charges.retrieve(part.charge as string);
    expect(charge).toMatchObject({ amount_refunded: 10_000, refunded: true });
  });

  it('a dispute opened by the bank (control route) marks the charge and can be accepted', async () => {
    const intent = await h.stripe.paymentIntents.create({
      amount: 7_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    const res = await h.control('/disputes', {
      charge: intent.latest_charge,
      reason: 'product_not_received',
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const dispute = await h.stripe.disputes.retrieve(id);
    expect(dispute).toMatchObject({
      status: 'needs_response',
      amount: 7_000,
      reason: 'product_not_received',
    });
    expect((await h.stripe.charges.retrieve(intent.latest_charge as string)).disputed).toBe(true);
    expect((await h.stripe.disputes.close(id)).status).toBe('lost');
    const events = await h.stripe.events.list({ type: 'charge.dispute.*' });
    expect(events.data.map((e) => e.type)).toEqual(['charge.dispute.closed', 'charge.dispute.created']);
  });

  it("answers in Stripe's error shape: unknown and missing params by name, missing objects, bad keys", async () => {
    const unknown = await stripeError(
      h.stripe.customers.create({ emial: 'x@example.com' } as Stripe.CustomerCreateParams),
    );
    expect(unknown).toMatchObject({
      type: 'StripeInvalidRequestError',
      param: 'emial',
      code: 'parameter_unknown',
    });
    const nested = await stripeError(
      h.stripe.subscriptions.create({
        customer: 'cus_x',
        items: [{ prise: 'p' } as Stripe.SubscriptionCreateParams.Item],
      }),
    );
    expect(nested.param).toBe('items[0][prise]');
    const missing = await stripeError(
      h.stripe.paymentIntents.create({ currency: 'usd' } as Stripe.PaymentIntentCreateParams),
    );
    expect(missing).toMatchObject({ param: 'amount', code: 'parameter_missing', statusCode: 400 });
    const gone = await stripeError(h.stripe.customers.retrieve('cus_nope'));
    expect(gone).toMatchObject({
      statusCode: 404,
      code: 'resource_missing',
      message: "No such customer: 'cus_nope'",
    });
    const badKey = await stripeError(h.sdk('sk_test_wrong').customers.list());
    expect(badKey).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
  });

  it('keeps accounts apart: one key never sees another account’s objects', async () => {
    const other = h.emulator.createAccount();
    const customer = await h.sdk(other.restrictedKey).customers.create({ name: 'Elsewhere' });
    await expect(h.stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404 });
  });

  it('replays a POST with the same Idempotency-Key and refuses the key with other params', async () => {
    const first = await h.stripe.customers.create({ name: 'Once' }, { idempotencyKey: 'key-1' });
    const replay = await h.stripe.customers.create({ name: 'Once' }, { idempotencyKey: 'key-1' });
    expect(replay.id).toBe(first.id);
    expect(replay.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(h.emulator.account(h.keys.accountId).customers.size).toBe(1);
    const clash = await stripeError(
      h.stripe.customers.create({ name: 'Twice' }, { idempotencyKey: 'key-1' }),
    );
    expect(clash).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it('a retry after a lost answer does not pay twice (the SDK keys every POST)', async () => {
    await h.control('/faults', {
      kind: 'drop',
      method: 'POST',
      pathPrefix: '/v1/payment_intents',
      count: 1,
      afterHandler: true,
    });
    const intent = await h.sdk(h.keys.secretKey, { maxNetworkRetries: 2 }).paymentIntents.create({
      amount: 2_000,
      currency: 'usd',
      payment_method: 'pm_card_visa',
      confirm: true,
    });
    expect(intent.status).toBe('succeeded');
    expect(h.emulator.account(h.keys.accountId).paymentIntents.size).toBe(1);
  });

  it('rate limits an account at 25 requests a second in test mode: 429 rate_limit with its reason header', async () => {
    // A ten-second "second": the 30 calls land in one window however slow the machine is.
    await h.close();
    h = await startStripe({ rateLimit: { scale: 10 } });
    const calls = await Promise.allSettled(
      Array.from({ length: 30 }, () => h.stripe.customers.list({ limit: 1 })),
    );
    const limited = calls
      .filter((c) => c.status === 'rejected')
      .map((c) => (c as PromiseRejectedResult).reason);
    expect(calls.filter((c) => c.status === 'fulfilled')).toHaveLength(25);
    expect(limited).toHaveLength(5);
    expect(limited[0]).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited[0]).toMatchObject({ code: 'rate_limit', statusCode: 429 });
    expect((limited[0] as Stripe.errors.StripeError).headers?.['stripe-rate-limited-reason']).toBe(
      'global-rate',
    );
  });

  it("injected faults answer in Stripe's shape: a 503 the SDK retries, a 429 it raises as a rate limit", async () => {
    await h.control('/faults', { kind: 'error', status: 503, pathPrefix: '/v1/customers', count: 1 });
    const retried = await h
      .sdk(h.keys.secretKey, { maxNetworkRetries: 1 })
      .customers.create({ name: 'Once' });
    expect(retried.name).toBe('Once');
    expect(h.server.requests().map((r) => r.status)).toEqual([503, 200]);
    await h.control('/faults', { kind: 'rate_limit', count: 1 });
    const limited = await stripeError(h.stripe.customers.list());
    expect(limited).toBeInstanceOf(Stripe.errors.StripeRateLimitError);
    expect(limited.code).toBe('rate_limit');
  });
});
