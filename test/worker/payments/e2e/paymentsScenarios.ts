import type Stripe from 'stripe';
import type { InvoiceRecord } from '../../../../sandbox/xero/model';
import { collectionStateQuery, collectionWorkflowId } from '../../../../workflows/stripe/collectionSignals';
import { startPaymentsE2e, waitFor, type E2eCrm, type PaymentsE2e } from './paymentsE2eHarness';

const OWNER_TASK = 'Payment failing:';

/**
 * Issue #22's "done when" on one CRM: Stripe driven through its SDK against the emulator, the
 * emulator's webhooks reaching the app's ingress, and the outcomes read where people see them: the
 * deal, account and tasks in the CRM (through its SDK), the payments in Xero, the stored outcome.
 */
export function describePaymentsE2e(crm: E2eCrm): void {
  describe(`Stripe payments end to end (${crm})`, () => {
    let e2e: PaymentsE2e;
    let stripe: Stripe;

    beforeAll(async () => {
      e2e = await startPaymentsE2e(crm);
      stripe = e2e.stripe;
      await e2e.savePaymentSettings({
        recordInXero: true,
        collection: { reminderDays: [1, 7, 14], ownerTaskAfterFailedAttempts: 2, escalationDay: 30 },
      });
    }, 300_000);
    afterAll(async () => {
      await e2e?.stop();
    });

    const dealShows = (invoice: InvoiceRecord, status: string, extra: (d: DealOf) => boolean = () => true) =>
      waitFor(
        async () => {
          const deal = await e2e.crm.deal(invoice.id);
          return deal && deal.paymentStatus === status && extra(deal) ? deal : undefined;
        },
        `the deal of ${invoice.number} showing ${status}`,
        90_000,
      ).catch(async (err: unknown) => {
        const deal = await e2e.crm.deal(invoice.id).catch(() => undefined);
        throw new Error(`${String(err)}; deal: ${JSON.stringify(deal)}; workflows: ${await e2e.diagnose()}`);
      });
    const customerFor = (invoice: InvoiceRecord, paymentMethod?: string) =>
      stripe.customers.create({
        email: `payer-${invoice.number.toLowerCase()}@example.com`,
        metadata: { xero_contact_id: invoice.contactId },
        ...(paymentMethod ? { invoice_settings: { default_payment_method: paymentMethod } } : {}),
      });
    const intentFor = async (invoice: InvoiceRecord) => {
      const customer = await customerFor(invoice);
      return stripe.paymentIntents.create({
        ...e2e.owed(invoice),
        customer: customer.id,
        metadata: { xero_invoice_id: invoice.id },
      });
    };
    const decline = (intentId: string) =>
      expect(
        stripe.paymentIntents.confirm(intentId, {
          payment_method: 'pm_card_chargeDeclinedInsufficientFunds',
        }),
      ).rejects.toMatchObject({ type: 'StripeCardError' });

    it('a failed payment, retried and settled: failed with the retry counter, then paid, one Xero payment', async () => {
      const invoice = e2e.takeInvoice();
      const earlier = e2e.xeroPayments(invoice.id);
      const intent = await intentFor(invoice);
      await decline(intent.id);
      const failed = await dealShows(invoice, 'failed');
      expect(failed).toMatchObject({ retryCount: 1, stripeReference: intent.id });

      await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
      const paid = await dealShows(invoice, 'paid');
      expect(paid.retryCount).toBe(1);
      // The seed may have paid part of the invoice already: only the new payments count.
      const added = () => e2e.xeroPayments(invoice.id).filter((p) => !earlier.some((e) => e.id === p.id));
      expect(await waitFor(async () => added().length > 0, 'the Xero payment')).toBe(true);
      const payments = added();
      expect(payments).toHaveLength(1);
      expect(payments[0]?.reference).toContain(intent.id);
      expect(Math.round((payments[0]?.amount ?? 0) * 100)).toBe(e2e.owed(invoice).amount);
      expect(await e2e.storedPayment(intent.id)).toMatchObject({ outcome: 'recorded' });
    }, 180_000);

    it('a pay-now payment Xero already applied is linked, not recorded twice', async () => {
      const invoice = e2e.takeInvoice();
      const { amount } = e2e.owed(invoice);
      const earlier = e2e.xeroPayments(invoice.id);
      const intent = await intentFor(invoice);
      // Xero's own Stripe pay-now: the invoice paid in Xero first, same amount, same day.
      const date = new Date(e2e.stripeNow() * 1000).toISOString().slice(0, 10);
      const res = await fetch(`${e2e.app.sandbox.xero!.url}/__sandbox/invoices/${invoice.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ accountCode: '090', amount: amount / 100, date }),
      });
      expect(res.status).toBe(200);
      const { paymentId } = (await res.json()) as { paymentId: string };

      await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
      await dealShows(invoice, 'paid');
      const stored = await waitFor(
        async () => (await e2e.storedPayment(intent.id))?.outcome ?? undefined,
        'the stored outcome',
      );
      expect(stored).toBe('applied_in_xero');
      expect(await e2e.storedPayment(intent.id)).toMatchObject({ xero_payment_id: paymentId });
      expect(
        e2e
          .xeroPayments(invoice.id)
          .filter((p) => !earlier.some((e) => e.id === p.id))
          .map((p) => p.id),
      ).toEqual([paymentId]);
    }, 120_000);

    it('a partial refund, then a dispute with a task for the owner', async () => {
      const invoice = e2e.takeInvoice();
      const { amount } = e2e.owed(invoice);
      const customer = await customerFor(invoice);
      const intent = await stripe.paymentIntents.create({
        ...e2e.owed(invoice),
        customer: customer.id,
        metadata: { xero_invoice_id: invoice.id },
        payment_method: 'pm_card_visa',
        confirm: true,
      });
      await dealShows(invoice, 'paid');
      const refund = Math.floor(amount / 4);
      await stripe.refunds.create({ payment_intent: intent.id, amount: refund });
      const refunded = await dealShows(invoice, 'partially_refunded');
      expect(refunded.refundedAmount).toBeCloseTo(refund / 100, 2);

      const charge =
        typeof intent.latest_charge === 'string' ? intent.latest_charge : intent.latest_charge?.id;
      const opened = await fetch(`${e2e.app.sandbox.stripe!.url}/__sandbox/disputes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ charge, reason: 'fraudulent' }),
      });
      expect(opened.status).toBe(201);
      const disputed = await dealShows(invoice, 'disputed');
      expect(disputed.disputeStatus).toContain('fraudulent');
      const tasks = await waitFor(async () => {
        const subjects = await e2e.crm.dealTaskSubjects(disputed.id);
        return subjects.some((s) => s.startsWith('Payment disputed')) ? subjects : undefined;
      }, 'the dispute task');
      expect(tasks.filter((s) => s.startsWith('Payment disputed'))).toHaveLength(1);
    }, 120_000);

    it("a subscription upgrade changes the deal's ARR and MRR, sets its renewal date and the account's total", async () => {
      const invoice = e2e.takeInvoice();
      const currency = e2e.owed(invoice).currency;
      // The account's total over the contact's other subscriptions, before this one.
      const others = (await e2e.crm.accountArr(invoice.contactId)) ?? 0;
      const accountShows = (arr: number) =>
        waitFor(
          async () => Math.abs(((await e2e.crm.accountArr(invoice.contactId)) ?? 0) - others - arr) < 0.005,
          `the account's ARR total of ${others + arr}`,
        );
      const customer = await customerFor(invoice, 'pm_card_visa');
      const product = await stripe.products.create({ name: `Platform for ${invoice.number}` });
      const price = await stripe.prices.create({
        product: product.id,
        currency,
        unit_amount: 120_000,
        recurring: { interval: 'year' },
      });
      const subscription = await stripe.subscriptions.create({
        customer: customer.id,
        items: [{ price: price.id, quantity: 1 }],
        metadata: { xero_invoice_id: invoice.id },
      });
      const item = subscription.items.data[0];
      if (!item) throw new Error('the subscription has no item');
      const renewal = new Date(item.current_period_end * 1000).toISOString().slice(0, 10);
      const valued = (arr: number) => (d: DealOf) => d.arr === arr && d.renewalDate !== null;
      let seen: unknown;
      const before = await waitFor(async () => {
        const deal = await e2e.crm.deal(invoice.id);
        seen = deal;
        return deal && valued(1200)(deal) ? deal : undefined;
      }, 'the subscription on the deal').catch(async (err: unknown) => {
        throw new Error(`${String(err)}; deal: ${JSON.stringify(seen)}; workflows: ${await e2e.diagnose()}`);
      });
      expect(before).toMatchObject({ mrr: 100, renewalDate: renewal });
      await accountShows(1200);

      await stripe.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: 3 }] });
      const after = await waitFor(async () => {
        const deal = await e2e.crm.deal(invoice.id);
        return deal && valued(3600)(deal) ? deal : undefined;
      }, 'the upgrade on the deal');
      expect(after).toMatchObject({ mrr: 300, renewalDate: renewal });
      await accountShows(3600);
    }, 120_000);

    it('the owner task made once at the threshold, even with every event delivered twice; the collection stops on payment', async () => {
      const invoice = e2e.takeInvoice();
      // A second endpoint with the same URL and secret: Stripe sends every event twice.
      const emulator = e2e.app.sandbox.stripe!.emulator;
      const earlier = e2e.xeroPayments(invoice.id);
      const endpoint = [...emulator.account(e2e.account.accountId).webhookEndpoints.values()].find(
        (e) => e.url === e2e.account.webhookUrl,
      );
      if (!endpoint?.secret) throw new Error('no webhook endpoint for the installation');
      const twice = emulator.addWebhookEndpoint(e2e.account.accountId, {
        url: endpoint.url,
        secret: endpoint.secret,
      });
      try {
        const intent = await intentFor(invoice);
        for (let attempt = 0; attempt < 3; attempt++) await decline(intent.id);
        const failed = await dealShows(invoice, 'failed', (d) => d.retryCount === 3);
        const workflowId = collectionWorkflowId(e2e.account.installationId, invoice.id);
        const collection = e2e.app.temporal.client.workflow.getHandle(workflowId);
        await waitFor(async () => {
          const view = await collection.query(collectionStateQuery);
          return view.failedAttempts === 3 && view.done.some((step) => step.startsWith('owner'))
            ? view
            : undefined;
        }, 'the collection at three failed attempts');
        const ownerTasks = async () =>
          (await e2e.crm.dealTaskSubjects(failed.id)).filter((s) => s.startsWith(OWNER_TASK));
        expect(
          await waitFor(async () => ((await ownerTasks()).length > 0 ? true : undefined), 'the owner task'),
        ).toBe(true);
        await emulator.webhooks.idle();
        expect(await ownerTasks()).toHaveLength(1);

        await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
        await dealShows(invoice, 'paid');
        const stopped = await waitFor(async () => {
          const described = await collection.describe();
          if (described.status.name === 'COMPLETED') return 'completed';
          const view = await collection.query(collectionStateQuery);
          return view.status === 'stopped' ? view.stopReason : undefined;
        }, 'the collection stopping');
        expect(['completed', 'paid']).toContain(stopped);
        expect(await ownerTasks()).toHaveLength(1);
        const added = e2e.xeroPayments(invoice.id).filter((p) => !earlier.some((e) => e.id === p.id));
        expect(added.map((p) => p.reference)).toEqual([expect.stringContaining(intent.id)]);
      } finally {
        const added = emulator.account(e2e.account.accountId).webhookEndpoints.get(twice.id);
        if (added) added.status = 'disabled';
      }
    }, 150_000);
  });
}

type DealOf = NonNullable<Awaited<ReturnType<PaymentsE2e['crm']['deal']>>>;
