import Stripe from 'stripe';
import { startSandbox, type RunningSandbox } from '../../../sandbox';
import { startReceiver } from './harness';

describe('Stripe emulator in the demo sandbox', () => {
  let sandbox: RunningSandbox | undefined;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  afterEach(async () => {
    await sandbox?.stripe?.emulator.webhooks.idle();
    await sandbox?.close();
    await receiver.close();
  });

  it('starts seeded (two subscribers, a paid one-off payment) and delivers events to the configured endpoint', async () => {
    receiver = await startReceiver();
    const secret = 'whsec_demo_secret_for_the_worker';
    sandbox = await startSandbox(
      { host: '127.0.0.1', seed: 7, stripe: { port: 0, webhook: { url: receiver.url, secret } } },
      'http://127.0.0.1:0',
    );
    const running = sandbox.stripe!;
    const { port } = new URL(running.url);
    const stripe = new Stripe(running.account.secretKey, {
      host: '127.0.0.1',
      port: Number(port),
      protocol: 'http',
      maxNetworkRetries: 0,
    });
    const subscriptions = await stripe.subscriptions.list();
    expect(subscriptions.data.map((s) => s.status).sort()).toEqual(['active', 'active']);
    const payments = await stripe.paymentIntents.list();
    expect(payments.data.map((p) => p.metadata)).toContainEqual({ xero_invoice_number: 'INV-0001' });
    // Seeding raised no deliveries: the endpoint was added after.
    await running.emulator.webhooks.idle();
    expect(receiver.received).toHaveLength(0);

    // Just past the renewal, Globex's declined card fails it: invoice.payment_failed reaches the worker.
    const renewalAt = Math.max(...subscriptions.data.map((s) => s.items.data[0]!.current_period_end));
    running.emulator.advance(renewalAt - Math.floor(running.emulator.clock.now() / 1000) + 60);
    await running.emulator.webhooks.idle();
    const events = receiver.received.map((r) =>
      Stripe.webhooks.constructEvent(
        r.body,
        r.signature,
        secret,
        300,
        undefined,
        running.emulator.clock.now(),
      ),
    );
    const failed = events.filter((e) => e.type === 'invoice.payment_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.data.object).toMatchObject({ attempt_count: 1, customer_name: 'Globex Corporation' });
  });
});
