import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError } from '@temporalio/client';
import { AuditLog } from '../../../worker/audit/auditLog';
import { parseKeyring, SecretBox } from '../../../worker/connections/secretBox';
import { connectStripeAccount } from '../../../worker/connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../../../worker/connectors/stripe/stripeConnections';
import { InstallationStore } from '../../../worker/installations/installationStore';
import type { Store } from '../../../worker/store/store';
import { StripeEventLedger } from '../../../worker/webhooks/stripeEventLedger';
import { handOverPendingStripeEvents } from '../../../worker/webhooks/stripeHeldEvents';
import { createTestStore } from '../../support/stores';
import { charge, event, invoice, paymentIntent, signature, subscription, T0 } from './stripeEvents';
import { startStripeIngress, type StripeIngressHarness } from './stripeIngressHarness';

const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('base64url')}`;
// The ingress's clock: a fixed instant, 10 s after T0, against which signatures are held.
const NOW_MS = (T0 + 10) * 1000;

describe('POST /webhooks/stripe/<installation> → one Temporal workflow per Stripe object', () => {
  let store: Store;
  let h: StripeIngressHarness;
  let installationId: string;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    const installation = await new InstallationStore(store.db).ensure({ slug: 'stripe-webhook-test' });
    const accounts = new StripeConnections(
      store.db,
      new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
    );
    ({ installationId } = await connectStripeAccount(
      { db: store.db, connections: accounts, audit: new AuditLog(store.db), mode: 'sandbox' },
      {
        installation: installation.slug,
        apiKey: `rk_test_${'a1B2c3D4'.repeat(4)}`,
        webhookSecret: WEBHOOK_SECRET,
        by: 'test',
      },
    ));
    h = await startStripeIngress({ store, accounts, now: () => NOW_MS });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
    await store?.close();
  });

  const post = (body: string, headers: Record<string, string>, installation = installationId) =>
    fetch(`${h.ingress.url}/webhooks/stripe/${installation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  /** Delivered as Stripe does: signed with the endpoint's secret a moment before the ingress's now. */
  const deliver = (e: object, secret = WEBHOOK_SECRET, signedAt = T0 + 5) => {
    const body = JSON.stringify(e);
    return post(body, { 'stripe-signature': signature(body, secret, signedAt) });
  };
  const stored = (eventId: string) =>
    store.db
      .selectFrom('stripe_events')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('event_id', '=', eventId)
      .execute();
  const eventsOf = (workflowId: string) => h.eventsOf(workflowId);

  it('refuses a forged event with 400 and stores and hands over nothing', async () => {
    const forged = event('payment_intent.succeeded', paymentIntent('pi_Forged1', 'succeeded'), T0);
    const body = JSON.stringify(forged);

    const wrongSecret = await deliver(forged, 'whsec_someoneElsesSecret0123456789');
    const tampered = await post(body.replace('12500', '1'), {
      'stripe-signature': signature(body, WEBHOOK_SECRET, T0),
    });
    const unsigned = await post(body, {});
    // Signed correctly, but 301 s before the ingress's clock: past the SDK's 300 s tolerance.
    const replayed = await deliver(forged, WEBHOOK_SECRET, T0 + 10 - 301);

    for (const res of [wrongSecret, tampered, unsigned, replayed]) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: 'invalid_signature' });
    }
    expect(await stored(forged.id)).toEqual([]);
    expect(h.handOvers).not.toContain(forged.id);
    await expect(
      h.client.workflow.getHandle(`stripe:${installationId}:payment_intent:pi_Forged1`).describe(),
    ).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });

  it('records a failed payment, hands it to its payment intent workflow, and only the kept fields', async () => {
    const failed = event(
      'payment_intent.payment_failed',
      paymentIntent('pi_Failed1', 'requires_payment_method', {
        last_payment_error: {
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
        },
      }),
      T0,
    );
    const res = await deliver(failed);
    expect(res.status).toBe(200);

    const [row] = await stored(failed.id);
    expect(row).toMatchObject({
      type: 'payment_intent.payment_failed',
      object_type: 'payment_intent',
      object_id: 'pi_Failed1',
      workflow_id: `stripe:${installationId}:payment_intent:pi_Failed1`,
      livemode: false,
    });
    expect(row?.handed_over_at).toEqual(new Date(NOW_MS));
    expect(row?.fields).toMatchObject({
      last_payment_error: { code: 'card_declined', decline_code: 'insufficient_funds' },
    });
    expect(JSON.stringify(row?.fields)).not.toMatch(/insufficient funds\.|description/);

    const events = await eventsOf(`stripe:${installationId}:payment_intent:pi_Failed1`);
    expect(events.map((e) => e.eventId)).toEqual([failed.id]);
    expect(events[0]?.object).toMatchObject({ amount: 12_500, currency: 'nzd', customer: 'cus_Test1' });
  });

  it('answers a duplicate 200 without handing it over again', async () => {
    const paid = event('invoice.paid', invoice('in_Dup1', 1), T0);
    expect((await deliver(paid)).status).toBe(200);
    expect((await deliver(paid)).status).toBe(200);
    expect((await deliver(paid)).status).toBe(200);

    expect(await stored(paid.id)).toHaveLength(1);
    expect(h.handOvers.filter((id) => id === paid.id)).toHaveLength(1);
    const events = await eventsOf(`stripe:${installationId}:invoice:in_Dup1`);
    expect(events.map((e) => e.eventId)).toEqual([paid.id]);
  });

  it('hands two concurrent deliveries of one event to its workflow once', async () => {
    const paid = event('invoice.paid', invoice('in_Race1', 1), T0);
    const answers = await Promise.all([deliver(paid), deliver(paid), deliver(paid)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await stored(paid.id)).toHaveLength(1);
    expect((await eventsOf(`stripe:${installationId}:invoice:in_Race1`)).map((e) => e.eventId)).toEqual([
      paid.id,
    ]);
  });

  it('ignores a live event at a test account (and stores nothing)', async () => {
    const live = { ...event('invoice.paid', invoice('in_Live1', 1), T0), livemode: true };
    expect((await deliver(live)).status).toBe(200);
    expect(await stored(live.id)).toEqual([]);
    expect(h.handOvers).not.toContain(live.id);
  });

  it("keeps a payment's events in Stripe's order whatever order they arrive in, its refund included", async () => {
    const failed = event(
      'payment_intent.payment_failed',
      paymentIntent('pi_Order1', 'requires_payment_method'),
      T0 - 60,
    );
    const succeeded = event('payment_intent.succeeded', paymentIntent('pi_Order1', 'succeeded'), T0 - 30);
    const refunded = event('charge.refunded', charge('ch_Order1', 'pi_Order1'), T0 - 10);

    for (const e of [refunded, failed, succeeded]) expect((await deliver(e)).status).toBe(200);

    const events = await eventsOf(`stripe:${installationId}:payment_intent:pi_Order1`);
    expect(events.map((e) => e.type)).toEqual([
      'payment_intent.payment_failed',
      'payment_intent.succeeded',
      'charge.refunded',
    ]);
    // The refund keeps no more of the charge than the schema's fields: not the payer's billing details.
    expect(JSON.stringify(events[2]?.object)).not.toContain('payer@example.com');
  });

  it('gives a subscription and a charge without a payment intent workflows of their own', async () => {
    const created = event('customer.subscription.created', subscription('sub_Own1'), T0);
    const refunded = event('charge.refunded', charge('ch_Alone1', null), T0);
    expect((await deliver(created)).status).toBe(200);
    expect((await deliver(refunded)).status).toBe(200);

    expect((await eventsOf(`stripe:${installationId}:subscription:sub_Own1`)).map((e) => e.eventId)).toEqual([
      created.id,
    ]);
    expect((await eventsOf(`stripe:${installationId}:charge:ch_Alone1`)).map((e) => e.eventId)).toEqual([
      refunded.id,
    ]);
  });

  it('answers an event of a type it does not act on 200, and stores nothing', async () => {
    const other = event(
      'customer.created',
      { id: 'cus_Other1', object: 'customer', email: 'x@example.com' },
      T0,
    );
    const res = await deliver(other);
    expect(res.status).toBe(200);
    expect(await stored(other.id)).toEqual([]);
    expect(h.handOvers).not.toContain(other.id);
  });

  it('refuses a signed event whose field is invalid with 400 naming the field, and stores nothing', async () => {
    const bad = event('invoice.payment_failed', invoice('in_Bad1', 'twice'), T0);
    const res = await deliver(bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe('invalid_body');
    expect(body.message).toContain('data.object.attempt_count');
    expect(await stored(bad.id)).toEqual([]);
  });

  it('answers 503 when Temporal does not take the event, and hands it over on the next delivery', async () => {
    const failedAgain = event('invoice.payment_failed', invoice('in_Retry1', 2), T0);
    h.failNextHandOvers(1);
    const first = await deliver(failedAgain);
    expect(first.status).toBe(503);
    const [pending] = await stored(failedAgain.id);
    expect(pending?.handed_over_at).toBeNull();

    const second = await deliver(failedAgain);
    expect(second.status).toBe(200);
    const [done] = await stored(failedAgain.id);
    expect(done?.handed_over_at).not.toBeNull();
    expect((await eventsOf(`stripe:${installationId}:invoice:in_Retry1`)).map((e) => e.eventId)).toEqual([
      failedAgain.id,
    ]);
  });

  it("holds a paused installation's events, recorded, until the resume hands them over", async () => {
    const installations = new InstallationStore(store.db);
    const held = event('customer.subscription.updated', subscription('sub_Held1'), T0);
    const workflowId = `stripe:${installationId}:subscription:sub_Held1`;
    await installations.setStatus(installationId, 'paused');
    try {
      expect((await deliver(held)).status).toBe(200);
      expect((await deliver(held)).status).toBe(200);
      const [row] = await stored(held.id);
      expect(row?.handed_over_at).toBeNull();
      await expect(h.client.workflow.getHandle(workflowId).describe()).rejects.toBeInstanceOf(
        WorkflowNotFoundError,
      );
    } finally {
      await installations.setStatus(installationId, 'active');
    }
    const ledger = new StripeEventLedger(store.db);
    const deps = { ledger, dispatch: h.dispatch, now: () => NOW_MS };
    const installation = { id: installationId, slug: 'stripe-webhook-test' };
    expect(await handOverPendingStripeEvents(deps, installation)).toBe(1);
    expect(await handOverPendingStripeEvents(deps, installation)).toBe(0);
    expect((await eventsOf(workflowId)).map((e) => e.eventId)).toEqual([held.id]);
  });

  it('answers 404 for an installation without a Stripe account and 400 for a path that is not one', async () => {
    const e = event('invoice.paid', invoice('in_Nowhere1', 1), T0);
    const body = JSON.stringify(e);
    const headers = { 'stripe-signature': signature(body, WEBHOOK_SECRET, T0 + 5) };
    const unknown = await post(body, headers, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ message: expect.stringContaining('installationId') });
    const notAnId = await post(body, headers, 'not-a-uuid');
    expect(notAnId.status).toBe(400);
    expect(await notAnId.json()).toMatchObject({ message: expect.stringContaining('installationId') });
  });
});
