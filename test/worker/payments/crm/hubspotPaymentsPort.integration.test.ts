import { randomUUID } from 'node:crypto';
import type { HubspotCrm } from '../../../../worker/connectors/hubspot/hubspotCrm';
import type { HubspotPaymentsPort } from '../../../../worker/connectors/hubspot/hubspotPaymentsPort';
import type { DealPaymentState } from '../../../../worker/payments/crmPaymentsPort';
import { hubspotCrmOnSandbox, writesSince } from './crmPaymentsHarness';

/** The HubSpot payments port through @hubspot/api-client against the emulator. */
describe('HubSpot payments port', () => {
  let env: Awaited<ReturnType<typeof hubspotCrmOnSandbox>>;
  let crm: HubspotCrm;
  let port: HubspotPaymentsPort;

  beforeAll(async () => {
    env = await hubspotCrmOnSandbox();
    crm = env.crm;
    port = crm.processorPayments;
    await crm.ensureReady();
  });
  afterAll(() => env.close());

  /** A company linked to a Xero contact with a deal holding a Xero invoice, associated. */
  async function plant() {
    const xeroContactId = randomUUID();
    const xeroInvoiceId = randomUUID();
    const company = await crm.call((c) =>
      c.crm.companies.basicApi.create({ properties: { name: 'Payer Ltd', xero_contact_id: xeroContactId } }),
    );
    const deal = await crm.call((c) =>
      c.crm.deals.basicApi.create({
        properties: {
          dealname: 'Annual plan',
          dealstage: 'closedwon',
          amount: '1200',
          xero_invoice_id: xeroInvoiceId,
        },
      }),
    );
    await crm.call((c) =>
      c.crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company.id),
    );
    return { xeroContactId, xeroInvoiceId, accountId: company.id, dealId: deal.id };
  }
  const read = (type: 'deals' | 'companies' | 'tasks', id: string, properties: string[]) =>
    crm.call((c) =>
      type === 'tasks'
        ? c.crm.objects.tasks.basicApi.getById(id, properties, undefined, ['deals', 'companies'])
        : c.crm[type].basicApi.getById(id, properties),
    );
  const mark = () => env.server.requests().length;

  it('finds the deal by its Xero invoice and the company by its Xero contact; unknown ones are undefined', async () => {
    const p = await plant();
    await expect(port.dealForXeroInvoice(p.xeroInvoiceId)).resolves.toEqual({
      dealId: p.dealId,
      name: 'Annual plan',
      accountId: p.accountId,
      ownerId: null,
    });
    await expect(port.accountForXeroContact(p.xeroContactId)).resolves.toEqual({
      accountId: p.accountId,
      name: 'Payer Ltd',
      ownerId: null,
      monthlyBilling: false,
    });
    await expect(port.dealForXeroInvoice(randomUUID())).resolves.toBeUndefined();
    await expect(port.accountForXeroContact(randomUUID())).resolves.toBeUndefined();
  });

  it('writes the payment state diffed: a replay writes nothing, a change writes only what changed', async () => {
    const p = await plant();
    const failed: DealPaymentState = {
      status: 'failed',
      failedAttempts: 2,
      nextAttemptAt: '2026-11-05T09:00:00.000Z',
      lastDeclineCode: 'card_declined',
      refundedAmount: 0,
      dispute: null,
      stripeReference: 'pi_123',
    };
    const first = await port.writeDealPayment(p.dealId, failed);
    expect(first.changes).toHaveProperty('ledgerbridge_payment_status');
    expect(first.changes).toHaveProperty('ledgerbridge_next_payment_attempt');
    const before = mark();
    expect((await port.writeDealPayment(p.dealId, failed)).changes).toEqual({});
    expect(writesSince(env.server, before)).toEqual([]);

    const refunded = await port.writeDealPayment(p.dealId, {
      ...failed,
      status: 'partially_refunded',
      nextAttemptAt: null,
      refundedAmount: 300.5,
    });
    expect(Object.keys(refunded.changes).sort()).toEqual(
      [
        'ledgerbridge_payment_status',
        'ledgerbridge_next_payment_attempt',
        'ledgerbridge_refunded_amount',
      ].sort(),
    );
    const deal = await read('deals', p.dealId, [
      'ledgerbridge_payment_status',
      'ledgerbridge_refunded_amount',
      'ledgerbridge_payment_retry_count',
      'stripe_reference',
    ]);
    expect(deal.properties).toMatchObject({
      ledgerbridge_payment_status: 'partially_refunded',
      ledgerbridge_refunded_amount: '300.5',
      ledgerbridge_payment_retry_count: '2',
      stripe_reference: 'pi_123',
    });
  });

  it('writes the subscription on the deal and the figures on the company, each part only when given', async () => {
    const p = await plant();
    const sub = {
      status: 'past_due',
      arr: 12000,
      mrr: 1000,
      currency: 'USD',
      renewalDate: '2027-11-01',
      stripeSubscriptionId: 'sub_1',
    };
    expect((await port.writeDealSubscription(p.dealId, sub)).changes).toHaveProperty(
      'ledgerbridge_renewal_date',
    );
    expect((await port.writeDealSubscription(p.dealId, sub)).changes).toEqual({});

    await port.writeAccountFigures(p.accountId, {
      subscriptions: { arr: 12000, mrr: 1000, currency: 'USD' },
    });
    const receivables = {
      asOf: '2026-11-30',
      currency: 'USD',
      daysSalesOutstanding: null,
      current: 100,
      days1to30: 0,
      days31to60: 0,
      days61to90: 75,
      over90: 0,
    };
    const figures = await port.writeAccountFigures(p.accountId, { receivables });
    expect(Object.keys(figures.changes)).not.toContain('ledgerbridge_subscription_arr');
    const before = mark();
    expect((await port.writeAccountFigures(p.accountId, { receivables })).changes).toEqual({});
    expect(writesSince(env.server, before)).toEqual([]);
    const company = await read('companies', p.accountId, [
      'ledgerbridge_subscription_arr',
      'ledgerbridge_receivables_61_90',
      'ledgerbridge_receivables_as_of',
      'ledgerbridge_dso',
    ]);
    expect(company.properties).toMatchObject({
      ledgerbridge_subscription_arr: '12000',
      ledgerbridge_receivables_61_90: '75',
    });
    // A date property comes back as the day or as its midnight UTC.
    expect(Date.parse(company.properties.ledgerbridge_receivables_as_of ?? '')).toBe(
      Date.parse('2026-11-30'),
    );
    expect(company.properties.ledgerbridge_dso ?? '').toBe('');
  });

  it("reads the company's monthly billing tick in the same read: unset or unticked is false, ticked is true", async () => {
    const p = await plant();
    const billing = async () => {
      const before = mark();
      const account = await port.accountForXeroContact(p.xeroContactId);
      expect(env.server.requests().length - before).toBe(1);
      return account?.monthlyBilling;
    };
    await expect(billing()).resolves.toBe(false);
    // A rep ticks the box in HubSpot, then unticks it.
    const tick = (value: string) =>
      crm.call((c) =>
        c.crm.companies.basicApi.update(p.accountId, { properties: { ledgerbridge_monthly_billing: value } }),
      );
    await tick('true');
    await expect(billing()).resolves.toBe(true);
    await tick('false');
    await expect(billing()).resolves.toBe(false);
  });

  it("writes the company's orders once, only when given; a replay writes nothing", async () => {
    const p = await plant();
    const subs = await port.writeAccountFigures(p.accountId, {
      subscriptions: { arr: 1200, mrr: 100, currency: 'USD' },
    });
    expect(Object.keys(subs.changes).filter((n) => n.includes('order'))).toEqual([]);
    const orders = {
      awaitingCount: 3,
      awaitingAmount: 1234.5,
      currency: 'USD',
      lastOrder: `W-1042 · invoiced INV-0107 · 2026-11-03 ${'·'.repeat(300)}`,
    };
    const first = await port.writeAccountFigures(p.accountId, { orders });
    expect(Object.keys(first.changes).sort()).toEqual(
      [
        'ledgerbridge_last_order',
        'ledgerbridge_orders_awaiting_amount',
        'ledgerbridge_orders_awaiting_billing',
      ].sort(),
    );
    const before = mark();
    expect((await port.writeAccountFigures(p.accountId, { orders })).changes).toEqual({});
    expect(writesSince(env.server, before)).toEqual([]);
    const company = await read('companies', p.accountId, [
      'ledgerbridge_orders_awaiting_billing',
      'ledgerbridge_orders_awaiting_amount',
      'ledgerbridge_last_order',
      'ledgerbridge_subscription_arr',
    ]);
    expect(company.properties).toMatchObject({
      ledgerbridge_orders_awaiting_billing: '3',
      ledgerbridge_orders_awaiting_amount: '1234.5',
      ledgerbridge_last_order: orders.lastOrder.slice(0, 255),
      ledgerbridge_subscription_arr: '1200',
    });

    // Invoiced at month end: nothing waits any more; an emptied line replays without a write.
    const billed = { ...orders, awaitingCount: 0, awaitingAmount: 0, lastOrder: '' };
    expect(
      Object.keys((await port.writeAccountFigures(p.accountId, { orders: billed })).changes),
    ).toHaveLength(3);
    const afterBilling = mark();
    await port.writeAccountFigures(p.accountId, { orders: billed });
    expect(writesSince(env.server, afterBilling)).toEqual([]);
  });

  it('makes a task once per key across retries, associated to the deal or the company', async () => {
    const p = await plant();
    const task = {
      key: `collection:${p.xeroInvoiceId}:reminder:7`,
      subject: 'Invoice 7 days overdue',
      body: 'Call the customer about the overdue invoice.',
      dueDate: '2026-11-08',
      priority: 'high' as const,
      ownerId: null,
    };
    const first = await port.openTask(p.dealId, task);
    expect(first.created).toBe(true);
    await expect(port.openTask(p.dealId, task)).resolves.toEqual({ taskId: first.taskId, created: false });
    const made = await read('tasks', first.taskId, ['hs_task_subject', 'hs_task_priority', 'hs_timestamp']);
    expect(made.properties).toMatchObject({
      hs_task_subject: 'Invoice 7 days overdue',
      hs_task_priority: 'HIGH',
    });
    expect(Date.parse(made.properties.hs_timestamp ?? '')).toBe(Date.parse('2026-11-08T00:00:00Z'));
    expect(made.associations?.deals?.results.map((r) => r.id)).toEqual([p.dealId]);

    const onCompany = await port.openTask(p.accountId, { ...task, priority: 'normal' });
    expect(onCompany.created).toBe(true);
    await expect(port.openTask(p.accountId, task)).resolves.toEqual({
      taskId: onCompany.taskId,
      created: false,
    });
    const companyTask = await read('tasks', onCompany.taskId, ['hs_task_priority']);
    expect(companyTask.properties.hs_task_priority).toBe('MEDIUM');
    expect(companyTask.associations?.companies?.results.map((r) => r.id)).toEqual([p.accountId]);
  });

  it('makes the renewal deal once however often asked, with its company', async () => {
    const p = await plant();
    const request = {
      renewalKey: `sub_${randomUUID()}:2027-11-01`,
      accountId: p.accountId,
      name: 'Renewal: Annual plan 2027',
      amount: 12000,
      currency: 'USD',
      closeDate: '2027-11-01',
      ownerId: null,
    };
    const first = await port.ensureRenewalDeal(request);
    const again = await port.ensureRenewalDeal({ ...request, amount: 13000 });
    expect(first.created).toBe(true);
    expect(again).toEqual({ recordId: first.recordId, created: false, changes: {} });
    const deal = await crm.call((c) =>
      c.crm.deals.basicApi.getById(first.recordId, ['amount', 'ledgerbridge_renewal_key'], undefined, [
        'companies',
      ]),
    );
    expect(deal.properties).toMatchObject({ amount: '12000', ledgerbridge_renewal_key: request.renewalKey });
    expect(deal.associations?.companies?.results.map((r) => r.id)).toEqual([p.accountId]);
  });
});
