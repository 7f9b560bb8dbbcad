import { randomUUID } from 'node:crypto';
import { startStripeXero, type StripeXeroHarness } from './stripeXeroHarness';

const evt = () => `evt_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

describe('settleStripePayment under races and lost answers', () => {
  let h: StripeXeroHarness;
  beforeAll(async () => {
    h = await startStripeXero();
  });
  afterAll(() => h.close());
  const A = 0;
  const tenant = (i: 0 | 1) => h.tenants[i];

  it('never lets two Stripe payments naming one invoice both pay it, even settled at once', async () => {
    const contact = await h.contact(tenant(A), `Race ${randomUUID()}`);
    const invoice = await h.invoice(tenant(A), contact, 500);
    const first = await h.paid({ amount: 50_000, metadata: { xero_invoice_id: invoice.id } });
    const second = await h.paid({ amount: 50_000, metadata: { xero_invoice_id: invoice.id } });
    const results = await Promise.all(
      [first, second].map((payment) =>
        h.activities.settleStripePayment({ installationId: h.installationId, eventId: evt(), payment }),
      ),
    );
    expect(results.map((r) => r.outcome).sort()).toEqual(['ambiguous', 'recorded']);
    expect(results.find((r) => r.outcome === 'ambiguous')).toMatchObject({ reason: 'invoice_not_open' });
    expect(await h.xeroPayments(tenant(A), invoice.id)).toHaveLength(1);
  });

  it('stores the intent before the Xero call, so a retry after a lost answer finds its payment instead of making another', async () => {
    const contact = await h.contact(tenant(A), `Lost ${randomUUID()}`);
    const invoice = await h.invoice(tenant(A), contact, 80);
    const payment = await h.paid({ amount: 8_000, metadata: { xero_invoice_id: invoice.id } });
    const eventId = evt();
    h.faults.loseNextPaymentAnswer = true;
    await expect(
      h.activities.settleStripePayment({ installationId: h.installationId, eventId, payment }),
    ).rejects.toThrow();
    const pending = await h.store.db
      .selectFrom('stripe_payments')
      .selectAll()
      .where('stripe_payment_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ outcome: null, intent_idempotency_key: `stripe-${eventId}` });
    const [made] = await h.xeroPayments(tenant(A), invoice.id);

    const retried = await h.activities.settleStripePayment({
      installationId: h.installationId,
      eventId,
      payment,
    });
    expect(retried).toMatchObject({
      outcome: 'recorded',
      xeroPaymentId: made?.id,
      reason: 'recorded_before_reference',
    });
    expect(await h.xeroPayments(tenant(A), invoice.id)).toHaveLength(1);
  });
});
