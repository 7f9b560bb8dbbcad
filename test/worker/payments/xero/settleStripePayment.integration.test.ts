import { randomUUID } from 'node:crypto';
import { startStripeXero, type StripeXeroHarness } from './stripeXeroHarness';

const evt = () => `evt_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

describe('settleStripePayment: Stripe payments against the installation’s Xero organisations', () => {
  let h: StripeXeroHarness;
  beforeAll(async () => {
    h = await startStripeXero();
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.settings.recordInXero = true;
  });
  const [A, B] = [0, 1] as const;
  const tenant = (i: 0 | 1) => h.tenants[i];

  it('records a payment whose metadata names an invoice of the second organisation, once, quoting the Stripe ID', async () => {
    const contact = await h.contact(tenant(B), `Meta ${randomUUID()}`);
    const invoice = await h.invoice(tenant(B), contact, 120.5);
    const payment = await h.paid({ amount: 12_050, metadata: { xero_invoice_id: invoice.id } });

    const eventId = evt();
    const settled = await h.activities.settleStripePayment({
      installationId: h.installationId,
      eventId,
      payment,
    });
    expect(settled).toMatchObject({
      outcome: 'recorded',
      xeroTenantId: tenant(B),
      xeroInvoiceId: invoice.id,
      settledByEvent: eventId,
    });
    const payments = await h.xeroPayments(tenant(B), invoice.id);
    expect(payments).toEqual([
      { id: settled.xeroPaymentId, amount: 120.5, reference: `Stripe ${payment.id}` },
    ]);

    // A replay, and the same payment under another event: the stored outcome, no second Xero payment.
    const again = await h.activities.settleStripePayment({
      installationId: h.installationId,
      eventId,
      payment,
    });
    const other = await h.activities.settleStripePayment({
      installationId: h.installationId,
      eventId: evt(),
      payment,
    });
    expect(again).toEqual(settled);
    expect(other).toEqual(settled);
    expect(await h.xeroPayments(tenant(B), invoice.id)).toHaveLength(1);
    const row = await h.store.db
      .selectFrom('stripe_payments')
      .selectAll()
      .where('stripe_payment_id', '=', payment.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ intent_event_id: eventId, intent_idempotency_key: `stripe-${eventId}` });
    expect(row.intent_at).toBeInstanceOf(Date);
  });

  it('matches by the customer’s linked contact and the amount, by metadata or by the one contact with the e-mail', async () => {
    const email = `pay-${randomUUID()}@example.com`;
    const byEmail = await h.contact(tenant(A), `Mail ${randomUUID()}`, email);
    const other = await h.invoice(tenant(A), byEmail, 99);
    const wanted = await h.invoice(tenant(A), byEmail, 250);
    const emailCustomer = await h.stripe.stripe.customers.create({ email });
    const viaEmail = await h.paid({ amount: 25_000, customer: emailCustomer.id });
    const matched = await h.activities.matchStripePayment({
      installationId: h.installationId,
      payment: viaEmail,
    });
    expect(matched).toMatchObject({
      match: { kind: 'matched', xeroInvoiceId: wanted.id, rule: 'customer_amount' },
      xeroTenantId: tenant(A),
      invoice: { xeroInvoiceId: wanted.id, amountDue: 250 },
    });
    expect(
      await h.activities.settleStripePayment({
        installationId: h.installationId,
        eventId: evt(),
        payment: viaEmail,
      }),
    ).toMatchObject({ outcome: 'recorded', xeroInvoiceId: wanted.id });
    expect(await h.xeroPayments(tenant(A), other.id)).toEqual([]);

    const byMeta = await h.contact(tenant(B), `Linked ${randomUUID()}`);
    const metaInvoice = await h.invoice(tenant(B), byMeta, 40);
    const metaCustomer = await h.stripe.stripe.customers.create({
      email: 'unrelated@example.com',
      metadata: { xero_contact_id: byMeta },
    });
    const viaMeta = await h.paid({ amount: 4_000, customer: metaCustomer.id });
    expect(
      await h.activities.settleStripePayment({
        installationId: h.installationId,
        eventId: evt(),
        payment: viaMeta,
      }),
    ).toMatchObject({ outcome: 'recorded', xeroTenantId: tenant(B), xeroInvoiceId: metaInvoice.id });

    const links = await h.store.db
      .selectFrom('stripe_customer_links')
      .select(['stripe_customer_id', 'xero_tenant_id', 'xero_contact_id', 'linked_by'])
      .where('installation_id', '=', h.installationId)
      .where('stripe_customer_id', 'in', [emailCustomer.id, metaCustomer.id])
      .orderBy('linked_by')
      .execute();
    expect(links).toEqual([
      {
        stripe_customer_id: emailCustomer.id,
        xero_tenant_id: tenant(A),
        xero_contact_id: byEmail,
        linked_by: 'email',
      },
      {
        stripe_customer_id: metaCustomer.id,
        xero_tenant_id: tenant(B),
        xero_contact_id: byMeta,
        linked_by: 'metadata',
      },
    ]);
  });

  it('leaves ambiguous payments for a person: two invoices with the amount, or two contacts with the e-mail', async () => {
    const email = `twice-${randomUUID()}@example.com`;
    const contact = await h.contact(tenant(A), `Twice ${randomUUID()}`, email);
    const one = await h.invoice(tenant(A), contact, 75);
    const two = await h.invoice(tenant(A), contact, 75);
    const customer = await h.stripe.stripe.customers.create({ email });
    const payment = await h.paid({ amount: 7_500, customer: customer.id });
    const settled = await h.activities.settleStripePayment({
      installationId: h.installationId,
      eventId: evt(),
      payment,
    });
    expect(settled).toMatchObject({
      outcome: 'ambiguous',
      reason: 'ambiguous_customer_amount',
      xeroPaymentId: null,
    });
    expect(settled.candidates).toEqual([one.id, two.id].sort());
    expect(await h.xeroPayments(tenant(A), one.id)).toEqual([]);
    expect(await h.xeroPayments(tenant(A), two.id)).toEqual([]);

    // The same e-mail on a contact of each organisation: never guessed, not linked.
    const shared = `shared-${randomUUID()}@example.com`;
    const inA = await h.contact(tenant(A), `SharedA ${randomUUID()}`, shared);
    await h.contact(tenant(B), `SharedB ${randomUUID()}`, shared);
    const onlyInvoice = await h.invoice(tenant(A), inA, 33);
    const sharedCustomer = await h.stripe.stripe.customers.create({ email: shared });
    const sharedPayment = await h.paid({ amount: 3_300, customer: sharedCustomer.id });
    expect(
      await h.activities.settleStripePayment({
        installationId: h.installationId,
        eventId: evt(),
        payment: sharedPayment,
      }),
    ).toMatchObject({ outcome: 'ambiguous', candidates: [onlyInvoice.id] });
    expect(await h.xeroPayments(tenant(A), onlyInvoice.id)).toEqual([]);
    const link = await h.store.db
      .selectFrom('stripe_customer_links')
      .selectAll()
      .where('stripe_customer_id', '=', sharedCustomer.id)
      .executeTakeFirst();
    expect(link).toBeUndefined();

    const audit = await h.store.db
      .selectFrom('audit_log')
      .select(['outcome', 'subject', 'detail'])
      .where('action', '=', 'stripe_payment.settle')
      .execute();
    expect(audit.find((a) => a.subject.stripePaymentId === payment.id)).toMatchObject({
      outcome: 'skipped',
      detail: { result: 'ambiguous', candidates: [one.id, two.id].sort() },
    });
  });

  it('links a payment Xero’s pay-now already applied instead of recording it twice', async () => {
    const contact = await h.contact(tenant(A), `PayNow ${randomUUID()}`);
    const invoice = await h.invoice(tenant(A), contact, 60);
    const payment = await h.paid({ amount: 6_000, metadata: { xero_invoice_number: invoice.number } });
    const xeroPaymentId = await h.payInXero(
      tenant(A),
      invoice.id,
      60,
      `Stripe payment ${payment.latest_charge ?? ''}`,
      '2026-01-31',
    );

    const settled = await h.activities.settleStripePayment({
      installationId: h.installationId,
      eventId: evt(),
      payment,
    });
    expect(settled).toMatchObject({ outcome: 'applied_in_xero', xeroPaymentId, reason: 'applied_reference' });
    expect(await h.xeroPayments(tenant(A), invoice.id)).toHaveLength(1);
  });

  it('with recordInXero off links the payment and leaves Xero as it is', async () => {
    h.settings.recordInXero = false;
    const contact = await h.contact(tenant(B), `Off ${randomUUID()}`);
    const invoice = await h.invoice(tenant(B), contact, 10);
    const payment = await h.paid({ amount: 1_000, metadata: { xero_invoice_id: invoice.id } });
    expect(
      await h.activities.settleStripePayment({ installationId: h.installationId, eventId: evt(), payment }),
    ).toMatchObject({ outcome: 'linked_only', reason: 'record_in_xero_off', xeroInvoiceId: invoice.id });
    expect(await h.xeroPayments(tenant(B), invoice.id)).toEqual([]);
  });

  it('says why a payment is unmatched: an unknown invoice, or a customer with no Xero contact', async () => {
    const unknown = await h.paid({ amount: 100, metadata: { xero_invoice_id: randomUUID() } });
    expect(
      await h.activities.settleStripePayment({
        installationId: h.installationId,
        eventId: evt(),
        payment: unknown,
      }),
    ).toMatchObject({ outcome: 'unmatched', reason: 'metadata_invoice_not_found' });
    const stranger = await h.stripe.stripe.customers.create({ email: `nobody-${randomUUID()}@example.com` });
    const strangers = await h.paid({ amount: 100, customer: stranger.id });
    expect(
      await h.activities.settleStripePayment({
        installationId: h.installationId,
        eventId: evt(),
        payment: strangers,
      }),
    ).toMatchObject({ outcome: 'unmatched', reason: 'customer_not_linked' });
  });
});
