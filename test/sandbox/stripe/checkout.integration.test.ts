import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Stripe from 'stripe';
import { createCheckout } from '../../../sandbox/stripe/checkout';
import { startStripe, type StripeHarness } from './harness';

/** `METHOD /v1/checkout/...` the installed SDK can call, path parameters as `:p`. */
function sdkCheckoutEndpoints(): Set<string> {
  const file = path.join(path.dirname(require.resolve('stripe')), 'resources', 'Checkout', 'Sessions.js');
  const found = new Set<string>();
  for (const m of readFileSync(file, 'utf8').matchAll(/_makeRequest\('(GET|POST|DELETE)', [`']([^`']+)[`']/g))
    found.add(`${m[1]} ${m[2]!.replace(/\$\{[^}]+\}/g, ':p')}`);
  return found;
}

describe('Stripe emulator: Checkout Sessions', () => {
  let s: StripeHarness;
  beforeAll(async () => {
    s = await startStripe();
  });
  afterAll(() => s.close());

  const create = (stripe: Stripe, params: Partial<Stripe.Checkout.SessionCreateParams> = {}) =>
    stripe.checkout.sessions.create({
      mode: 'payment',
      line_items: [
        {
          quantity: 2,
          price_data: { currency: 'eur', unit_amount: 1_250, product_data: { name: 'Invoice INV-7' } },
        },
      ],
      success_url: 'https://portal.example.com/done',
      cancel_url: 'https://portal.example.com/back',
      client_reference_id: 'inv-7',
      metadata: { xero_invoice_id: 'abc' },
      payment_intent_data: { metadata: { xero_invoice_id: 'abc', xero_invoice_number: 'INV-7' } },
      ...params,
    });

  it('serves only Checkout endpoints the SDK has a method for', () => {
    const sdk = sdkCheckoutEndpoints();
    expect(sdk.size).toBeGreaterThan(3);
    const routes = createCheckout().routes.map((r) => `${r.method} ${r.path.replace(/:[a-zA-Z]+/g, ':p')}`);
    expect(routes.filter((r) => !sdk.has(r))).toEqual([]);
  });

  it('creates and retrieves a session through the SDK, with a hosted page on the emulator', async () => {
    const session = await create(s.stripe);
    expect(session).toMatchObject({
      object: 'checkout.session',
      amount_total: 2_500,
      currency: 'eur',
      status: 'open',
      payment_status: 'unpaid',
      client_reference_id: 'inv-7',
      metadata: { xero_invoice_id: 'abc' },
      payment_intent: null,
    });
    expect(session.url).toBe(`${s.server.url}/checkout/pay/${session.id}`);
    expect(await s.stripe.checkout.sessions.retrieve(session.id)).toMatchObject({
      id: session.id,
      url: session.url,
    });
    const page = await fetch(session.url ?? '');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('EUR 25.00');
    // Another account's key does not see it.
    const other = s.emulator.createAccount();
    await expect(s.sdk(other.secretKey).checkout.sessions.retrieve(session.id)).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('paying makes a succeeded PaymentIntent with payment_intent_data and completes the session once', async () => {
    const session = await create(s.stripe);
    const res = await fetch(session.url ?? '', { method: 'POST', redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://portal.example.com/done');
    const done = await s.stripe.checkout.sessions.retrieve(session.id);
    expect(done).toMatchObject({ status: 'complete', payment_status: 'paid', url: null });
    const intent = await s.stripe.paymentIntents.retrieve(String(done.payment_intent));
    expect(intent).toMatchObject({
      status: 'succeeded',
      amount_received: 2_500,
      currency: 'eur',
      metadata: { xero_invoice_id: 'abc', xero_invoice_number: 'INV-7' },
    });
    const events = await s.stripe.events.list({ type: 'checkout.session.completed' });
    expect(events.data.map((e) => (e.data.object as Stripe.Checkout.Session).id)).toContain(session.id);
    expect((await fetch(session.url ?? '')).status).toBe(410);
    const again = await s.control(`/checkout/sessions/${session.id}/complete`, {});
    expect(again.status).toBe(400);
  });

  it('expires an open session and refuses what Checkout would refuse', async () => {
    const session = await create(s.stripe);
    expect(await s.stripe.checkout.sessions.expire(session.id)).toMatchObject({
      status: 'expired',
      url: null,
    });
    await expect(s.stripe.checkout.sessions.expire(session.id)).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      create(s.stripe, {
        line_items: [
          { quantity: 1, price_data: { currency: 'usd', unit_amount: 100, product_data: { name: 'x' } } },
          { quantity: 1, price_data: { currency: 'eur', unit_amount: 100, product_data: { name: 'y' } } },
        ],
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(create(s.stripe, { success_url: 'not a url' })).rejects.toMatchObject({ statusCode: 400 });
  });
});
