import Stripe from 'stripe';
import { startReceiver, startStripe, type StripeHarness } from './harness';

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('Stripe emulator: events and signed webhooks, verified with the SDK', () => {
  let h: StripeHarness;
  let receiver: Receiver;
  afterEach(async () => {
    await h.close();
    await receiver.close();
  });

  /**
   * What the SDK's constructEvent makes of a delivery, received at the emulator's time (its clock is
   * pinned). Note the SDK takes receivedAt in milliseconds.
   */
  const verify = (body: string, signature: string, secret: string, at = h.clock.now()) =>
    Stripe.webhooks.constructEvent(body, signature, secret, 300, undefined, at);

  const pay = () =>
    h.stripe.paymentIntents.create(
      { amount: 2_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true },
      { idempotencyKey: 'order-17' },
    );

  it('signs every event for an endpoint made through the API; constructEvent accepts them and refuses a wrong secret', async () => {
    h = await startStripe();
    receiver = await startReceiver();
    const endpoint = await h.stripe.webhookEndpoints.create({ url: receiver.url, enabled_events: ['*'] });
    expect(endpoint.secret).toMatch(/^whsec_/);
    const intent = await pay();
    await h.emulator.webhooks.idle();
    const events = receiver.received.map((r) => verify(r.body, r.signature, endpoint.secret!));
    expect(events.map((e) => e.type).sort()).toEqual([
      'charge.succeeded',
      'payment_intent.created',
      'payment_intent.succeeded',
    ]);
    const succeeded = events.find((e) => e.type === 'payment_intent.succeeded')!;
    expect(succeeded.data.object).toMatchObject({ id: intent.id, status: 'succeeded' });
    expect(succeeded.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: 'order-17' });
    expect(receiver.received[0]!.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const forged = receiver.received[0]!;
    expect(() => verify(forged.body, forged.signature, 'whsec_not_the_secret')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    expect(() => verify(forged.body.replace('2000', '1'), forged.signature, endpoint.secret!)).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
    // Only the event types an endpoint asked for.
    const second = await startReceiver();
    h.emulator.addWebhookEndpoint(h.keys.accountId, { url: second.url, enabled_events: ['charge.refunded'] });
    await h.stripe.refunds.create({ payment_intent: intent.id });
    await h.emulator.webhooks.idle();
    expect(second.received.map((r) => (JSON.parse(r.body) as { type: string }).type)).toEqual([
      'charge.refunded',
    ]);
    await second.close();
  });

  it('retries a failed delivery, signed afresh with the time of the retry', async () => {
    h = await startStripe({ webhooks: { retryDelaysMs: [300], batchMs: 5 } });
    receiver = await startReceiver([500]);
    const { secret } = h.emulator.addWebhookEndpoint(h.keys.accountId, {
      url: receiver.url,
      enabled_events: ['customer.created'],
    });
    const customer = await h.stripe.customers.create({ name: 'Retry Ltd' });
    await waitFor(() => receiver.received.length === 1);
    const firstAt = h.clock.now();
    h.clock.advance(3_600_000); // the retry comes an hour later
    await h.emulator.webhooks.idle();
    const [first, retry] = receiver.received;
    expect(retry!.body).toBe(first!.body);
    expect(verify(retry!.body, retry!.signature, secret, firstAt + 3_600_000).data.object).toMatchObject({
      id: customer.id,
    });
    // The first attempt's signature is an hour old by then: outside the SDK's tolerance.
    expect(() => verify(first!.body, first!.signature, secret, firstAt + 3_600_000)).toThrow(/tolerance/);
    const [delivery] = h.emulator.webhooks.deliveries();
    expect(delivery!.delivery.attempts.map((a) => a.status)).toEqual([500, 200]);
    const event = await h.stripe.events.retrieve(delivery!.eventId);
    expect(event.pending_webhooks).toBe(0);
  });

  it('delivers at least once and in no fixed order: shuffled, some events twice, each still verifiable', async () => {
    h = await startStripe({
      webhooks: { shuffle: true, duplicateRate: 0.5, batchMs: 50, retryDelaysMs: [] },
    });
    receiver = await startReceiver();
    const { secret } = h.emulator.addWebhookEndpoint(h.keys.accountId, { url: receiver.url });
    const price = await h.stripe.prices.create({
      currency: 'usd',
      unit_amount: 1_000,
      recurring: { interval: 'month' },
      product_data: { name: 'Plan' },
    });
    const customer = await h.stripe.customers.create({
      invoice_settings: { default_payment_method: 'pm_card_visa' },
    });
    await h.emulator.webhooks.idle();
    receiver.received.length = 0;
    await h.stripe.subscriptions.create({ customer: customer.id, items: [{ price: price.id }] });
    await h.emulator.webhooks.idle();
    const ids = receiver.received.map((r) => verify(r.body, r.signature, secret).id);
    const raised = (await h.stripe.events.list({ limit: 100 })).data
      .filter((e) => e.type !== 'customer.created')
      .map((e) => e.id)
      .reverse();
    expect(raised.length).toBeGreaterThanOrEqual(8);
    expect([...new Set(ids)].sort()).toEqual([...raised].sort());
    expect(ids.length).toBeGreaterThan(raised.length);
    expect([...new Set(ids)]).not.toEqual(raised);
  });

  it('an injected webhook_failure is retried; an endpoint that keeps failing leaves the event pending', async () => {
    h = await startStripe();
    receiver = await startReceiver([500, 500, 500]);
    h.emulator.addWebhookEndpoint(h.keys.accountId, {
      url: receiver.url,
      enabled_events: ['customer.created'],
    });
    await h.control('/faults', { kind: 'webhook_failure', count: 1 });
    const customer = await h.stripe.customers.create({ name: 'Down Ltd' });
    await h.emulator.webhooks.idle();
    const [delivery] = h.emulator.webhooks.deliveries();
    expect(delivery!.delivery.attempts.map((a) => a.status)).toEqual(['injected_failure', 500, 500]);
    const [event] = (await h.stripe.events.list({ type: 'customer.created' })).data;
    expect(event).toMatchObject({ pending_webhooks: 1, data: { object: { id: customer.id } } });
  });

  it('lists events newest first, by type or types, a page at a time', async () => {
    h = await startStripe();
    receiver = await startReceiver();
    for (const name of ['A', 'B', 'C']) await h.stripe.customers.create({ name });
    await pay();
    const all = await h.stripe.events.list({ limit: 100 });
    expect(all.data.map((e) => e.type)).toEqual([
      'payment_intent.succeeded',
      'charge.succeeded',
      'payment_intent.created',
      'customer.created',
      'customer.created',
      'customer.created',
    ]);
    const paged = await h.stripe.events.list({ limit: 2 }).autoPagingToArray({ limit: 100 });
    expect(paged.map((e) => e.id)).toEqual(all.data.map((e) => e.id));
    const firstPage = await h.stripe.events.list({ limit: 2 });
    expect(firstPage.has_more).toBe(true);
    const customers = await h.stripe.events.list({ type: 'customer.created' });
    expect(customers.data.map((e) => (e.data.object as Stripe.Customer).name)).toEqual(['C', 'B', 'A']);
    const some = await h.stripe.events.list({ types: ['charge.succeeded', 'payment_intent.succeeded'] });
    expect(some.data).toHaveLength(2);
  });
});

async function waitFor(done: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
