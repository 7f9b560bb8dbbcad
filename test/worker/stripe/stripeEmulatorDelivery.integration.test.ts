import { randomBytes } from 'node:crypto';
import { AuditLog } from '../../../worker/audit/auditLog';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { connectStripeAccount } from '../../../worker/connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../../../worker/connectors/stripe/stripeConnections';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import { startStripe, type StripeHarness } from '../../sandbox/stripe/harness';
import { createTestStore } from '../../support/stores';
import { startStripeIngress, type StripeIngressHarness } from './stripeIngressHarness';

/**
 * The Stripe emulator (held to the SDK's types and signing scheme) delivering its own events to the
 * ingress: every event it signs is accepted, and a payment's story (declined, paid on retry,
 * refunded, disputed) reaches one workflow in Stripe's order.
 */
describe('Stripe emulator → POST /webhooks/stripe/<installation> → workflows', () => {
  let stripe: StripeHarness;
  let store: Store;
  let h: StripeIngressHarness;
  let installationId: string;

  beforeAll(async () => {
    stripe = await startStripe();
    store = await createTestStore('pglite');
    const installation = await new InstallationStore(store.db).ensure({ slug: 'stripe-emulator-test' });
    const accounts = new StripeConnections(
      store.db,
      new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
    );
    const webhookSecret = `whsec_${randomBytes(24).toString('base64url')}`;
    ({ installationId } = await connectStripeAccount(
      { db: store.db, connections: accounts, audit: new AuditLog(store.db), mode: 'sandbox' },
      { installation: installation.slug, apiKey: stripe.keys.restrictedKey, webhookSecret, by: 'test' },
    ));
    // The ingress holds signatures against the emulator's clock: both sides agree whatever today is.
    h = await startStripeIngress({ store, accounts, now: () => stripe.clock.now() });
    stripe.emulator.addWebhookEndpoint(stripe.keys.accountId, {
      url: `${h.ingress.url}/webhooks/stripe/${installationId}`,
      secret: webhookSecret,
    });
  }, 120_000);

  afterAll(async () => {
    await stripe?.close();
    await h?.close();
    await store?.close();
  });

  it("accepts every event the emulator signs, and keeps a payment's story in order in one workflow", async () => {
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

    const attempts = stripe.emulator.webhooks.deliveries().flatMap((d) => d.delivery.attempts);
    expect(attempts.length).toBeGreaterThan(0);
    expect(attempts.filter((a) => a.status !== 200)).toEqual([]);

    const events = await h.eventsOf(`stripe:${installationId}:payment_intent:${intent.id}`);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
      'charge.refunded',
      'charge.dispute.created',
    ]);
    expect(events[0]?.object).toMatchObject({
      amount: 12_345,
      currency: 'nzd',
      customer: customer.id,
      metadata: { xero_invoice_number: 'INV-0042' },
      last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
    });
  });
});
