import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { testEnv } from '../../../support/testEnv';
import { parseOpsArgs, OpsUsageError } from '../../../../worker/cli/ops/parseOpsArgs';
import type { OpsContext } from '../../../../worker/cli/ops/opsContext';
import { runOps } from '../../../../worker/cli/ops';
import { startStripeXero, type StripeXeroHarness } from './stripeXeroHarness';

const evt = () => `evt_${randomUUID().replace(/-/g, '').slice(0, 24)}`;

describe('ops stripe-payments and stripe-payment-resolve', () => {
  let h: StripeXeroHarness;
  let out: string[];
  let ctx: OpsContext;
  let connection: Connection;
  beforeAll(async () => {
    h = await startStripeXero();
    // A real server with no workflow of the payment: the resolve finds none to tell.
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    const client = new Client({ connection, namespace: 'default' });
    ctx = {
      db: () => Promise.resolve(h.store.db),
      client: () => Promise.resolve(client),
      taskQueue: 'unused',
      write: (text) => out.push(text),
    };
  });
  afterAll(async () => {
    await connection.close();
    await h.close();
  });
  beforeEach(() => {
    out = [];
  });
  const ops = (...argv: string[]) => runOps(parseOpsArgs(argv), ctx);
  const slug = async () =>
    (
      await h.store.db
        .selectFrom('installations')
        .select('slug')
        .where('id', '=', h.installationId)
        .executeTakeFirstOrThrow()
    ).slug;

  it('lists what waits for a person, and a person’s invoice is paid at the next settlement, audited', async () => {
    const email = `ops-${randomUUID()}@example.com`;
    const tenant = h.tenants[0];
    const contact = await h.contact(tenant, `Ops ${randomUUID()}`, email);
    const one = await h.invoice(tenant, contact, 20);
    const two = await h.invoice(tenant, contact, 20);
    const customer = await h.stripe.stripe.customers.create({ email });
    const payment = await h.paid({ amount: 2_000, customer: customer.id });
    const settle = () =>
      h.activities.settleStripePayment({ installationId: h.installationId, eventId: evt(), payment });
    expect(await settle()).toMatchObject({ outcome: 'ambiguous' });

    await ops('stripe-payments', '--review', '--installation', await slug());
    const listing = out.join('');
    expect(listing).toContain(
      `${payment.id}  ${await slug()}  ambiguous  no invoice  (ambiguous_customer_amount)`,
    );
    expect(listing).toContain(`candidates ${[one.id, two.id].sort().join(', ')}`);

    await ops('stripe-payment-resolve', payment.id, two.id, '--reason', 'customer said the second one');
    expect(out.join('')).toContain(`will be settled against invoice ${two.id} at its next event`);
    expect(await settle()).toMatchObject({ outcome: 'recorded', xeroInvoiceId: two.id });
    expect(await h.xeroPayments(tenant, two.id)).toHaveLength(1);
    expect(await h.xeroPayments(tenant, one.id)).toEqual([]);
    const audit = await h.store.db
      .selectFrom('audit_log')
      .select(['actor', 'subject', 'detail'])
      .where('action', '=', 'stripe_payment.resolve')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({
        actor: expect.stringMatching(/^ops-cli:/) as unknown,
        subject: { installationId: h.installationId, stripePaymentId: payment.id, xeroInvoiceId: two.id },
        detail: { decision: two.id, reason: 'customer said the second one', before: 'ambiguous' },
      }),
    ]);

    out = [];
    await ops('stripe-payments', '--review');
    expect(out.join('')).not.toContain(payment.id);
    await expect(ops('stripe-payment-resolve', payment.id, 'ignore', '--reason', 'too late')).rejects.toThrow(
      /is recorded: only ambiguous or unmatched/,
    );
  });

  it('ignore keeps a payment unmatched for good', async () => {
    const stray = await h.paid({ amount: 900, metadata: { xero_invoice_number: `NOPE-${randomUUID()}` } });
    const settle = () =>
      h.activities.settleStripePayment({ installationId: h.installationId, eventId: evt(), payment: stray });
    expect(await settle()).toMatchObject({ outcome: 'unmatched', reason: 'metadata_invoice_not_found' });
    await ops('stripe-payment-resolve', stray.id, 'ignore', '--reason', 'a test charge');
    expect(await settle()).toMatchObject({ outcome: 'unmatched', reason: 'ignored_by_person' });
  });

  it('refuses a malformed decision before touching anything', () => {
    expect(() => parseOpsArgs(['stripe-payment-resolve', 'pi_1', 'INV-1', '--reason', 'why not'])).toThrow(
      OpsUsageError,
    );
    expect(() => parseOpsArgs(['stripe-payment-resolve', 'cus_1', 'ignore', '--reason', 'why not'])).toThrow(
      /pi_…, in_… or ch_…/,
    );
    expect(() => parseOpsArgs(['stripe-payment-resolve', 'pi_1', 'ignore'])).toThrow(/--reason/);
    expect(parseOpsArgs(['stripe-payments', '--review', '--installation', 'acme'])).toEqual({
      name: 'stripe-payments',
      installation: 'acme',
      review: true,
    });
  });
});
