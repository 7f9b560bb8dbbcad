import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../worker/audit/auditLog';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { connectStripeAccount } from '../../../worker/connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../../../worker/connectors/stripe/stripeConnections';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import type { StripeEmulatorOptions } from '../../../sandbox/stripe';
import { startStripe, type StripeHarness } from '../../sandbox/stripe/harness';
import { createTestStore } from '../../support/stores';
import { isHandledStripeEventType } from '../../../worker/webhooks/stripeEventSchema';
import { startStripeIngress, type StripeIngressHarness } from './stripeIngressHarness';

interface Connected {
  stripe: StripeHarness;
  store: Store;
  h: StripeIngressHarness;
  installationId: string;
}

/** An emulator account connected to an installation, its webhook endpoint pointed at the ingress. */
async function connectEmulator(slug: string, options: StripeEmulatorOptions = {}): Promise<Connected> {
  const stripe = await startStripe(options);
  const store = await createTestStore('pglite');
  const installation = await new InstallationStore(store.db).ensure({ slug });
  const accounts = new StripeConnections(
    store.db,
    new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
  );
  const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
  const { installationId } = await connectStripeAccount(
    { db: store.db, connections: accounts, audit: new AuditLog(store.db), mode: 'sandbox' },
    { installation: installation.slug, apiKey: stripe.keys.restrictedKey, webhookSecret, by: 'test' },
  );
  // The ingress holds signatures against the emulator's clock: both sides agree whatever today is.
  const h = await startStripeIngress({ store, accounts, now: () => stripe.clock.now() });
  stripe.emulator.addWebhookEndpoint(stripe.keys.accountId, {
    url: `${h.ingress.url}/webhooks/stripe/${installationId}`,
    secret: webhookSecret,
  });
  return { stripe, store, h, installationId };
}

async function disconnect(c: Connected | undefined): Promise<void> {
  await c?.stripe.close();
  await c?.h.close();
  await c?.store.close();
}

/** A payment declined, paid on retry, partly refunded, then disputed; a minute apart in Stripe's time. */
async function paymentStory(stripe: StripeHarness) {
  const customer = await stripe.stripe.customers.create({ email: 'payer@example.com' });
  const intent = await stripe.stripe.paymentIntents.create({
    amount: 12_345,
    currency: 'nzd',
    customer: customer.id,
    payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
    metadata: { xero_invoice_number: 'INV-0042' },
  });
  await expect(stripe.stripe.paymentIntents.confirm(intent.id)).rejects.toMatchObject({
    type: 'StripeCardError',
  });
  stripe.emulator.advance(60);
  const paid = await stripe.stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
  expect(paid.status).toBe('succeeded');
  stripe.emulator.advance(60);
  await stripe.stripe.refunds.create({ payment_intent: intent.id, amount: 2_000 });
  stripe.emulator.advance(60);
  const chargeId = typeof paid.latest_charge === 'string' ? paid.latest_charge : paid.latest_charge?.id;
  expect((await stripe.control('/disputes', { charge: chargeId })).status).toBe(201);
  await stripe.emulator.webhooks.idle();
  return { customer, intent };
}

const STORY = [
  'payment_intent.payment_failed',
  'payment_intent.succeeded',
  'charge.refunded',
  'charge.dispute.created',
];

/**
 * The Stripe emulator (held to the SDK's types and signing scheme) delivering its own events to the
 * ingress: every event it signs is accepted, and a payment's story (declined, paid on retry,
 * refunded, disputed) reaches one workflow in Stripe's order, delivered in order or not.
 */
describe('Stripe emulator → POST /webhooks/stripe/<installation> → workflows', () => {
  let c: Connected;
  beforeAll(async () => {
    c = await connectEmulator('stripe-emulator-test');
  }, 120_000);
  afterAll(() => disconnect(c));

  it("accepts every event the emulator signs, and keeps a payment's story in order in one workflow", async () => {
    const { customer, intent } = await paymentStory(c.stripe);

    const attempts = c.stripe.emulator.webhooks.deliveries().flatMap((d) => d.delivery.attempts);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.status !== 200)).toEqual([]);

    const events = await c.h.eventsOf(`stripe:${c.installationId}:payment_intent:${intent.id}`);
    expect(events.map((e) => e.type)).toEqual(STORY);
    expect(events[0]?.object).toMatchObject({
      amount: 12_345,
      currency: 'nzd',
      customer: customer.id,
      metadata: { xero_invoice_number: 'INV-0042' },
      last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
    });
  });
});

describe('Stripe emulator delivering shuffled, some events twice', () => {
  let c: Connected;
  beforeAll(async () => {
    // One batch for the whole story, shuffled, half its events sent twice.
    c = await connectEmulator('stripe-emulator-shuffled', {
      webhooks: { shuffle: true, duplicateRate: 0.5, batchMs: 2_000, retryDelaysMs: [] },
      seed: 11,
    });
  }, 120_000);
  afterAll(() => disconnect(c));

  it('records each event once and the workflow still holds the story in order', async () => {
    const { intent } = await paymentStory(c.stripe);

    const deliveries = c.stripe.emulator.webhooks.deliveries();
    const ids = deliveries.map((d) => d.eventId);
    // The emulator did send some twice, and the story not in the order it happened.
    expect(new Set(ids).size).toBeLessThan(ids.length);
    const arrived = [
      ...new Set(deliveries.filter((d) => STORY.includes(d.eventType)).map((d) => d.eventType)),
    ];
    expect(arrived).not.toEqual(STORY);
    expect(deliveries.flatMap((d) => d.delivery.attempts).filter((a) => a.status !== 200)).toEqual([]);

    const events = await c.h.eventsOf(`stripe:${c.installationId}:payment_intent:${intent.id}`);
    expect(events.map((e) => e.type)).toEqual(STORY);
    // Each event of a handled type recorded once: none lost, none twice.
    const handled = new Set(
      deliveries.filter((d) => isHandledStripeEventType(d.eventType)).map((d) => d.eventId),
    );
    const rows = await c.store.db
      .selectFrom('stripe_events')
      .select('event_id')
      .where('installation_id', '=', c.installationId)
      .execute();
    expect(rows.map((r) => r.event_id).sort()).toEqual([...handled].sort());
    // (Two copies arriving together may both be handed over: the workflow keeps one, as shown above.)
  });
});
