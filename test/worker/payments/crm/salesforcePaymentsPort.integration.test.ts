import { randomUUID } from 'node:crypto';
import { soqlString } from '../../../../worker/connectors/salesforce/soql';
import type { SalesforcePaymentsPort } from '../../../../worker/connectors/salesforce/salesforcePaymentsPort';
import type { DealPaymentState } from '../../../../worker/payments/crmPaymentsPort';
import type { Store } from '../../../../worker/store/store';
import { salesforceCrmFor } from '../../connectors/salesforce/salesforceCrmHarness';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { writesSince } from './crmPaymentsHarness';

type Row = Record<string, unknown> & { Id: string };

/**
 * The Salesforce payments port through jsforce against the emulator, whose schema is the
 * package's force-app metadata: so the fields written here are the fields the package deploys.
 */
describe('Salesforce payments port', () => {
  let h: SalesforceHarness;
  let store: Store;
  let port: SalesforcePaymentsPort;

  beforeAll(async () => {
    h = await startSalesforce({ dataset: { accounts: 0, opportunities: 0 } });
    const made = await salesforceCrmFor(h);
    store = made.store;
    port = made.crm.processorPayments;
  });
  afterAll(async () => {
    await store.close();
    await h.close();
  });

  const created = (r: { success: boolean; id?: string }): string => {
    if (!r.success || !r.id) throw new Error(`not created: ${JSON.stringify(r)}`);
    return r.id;
  };
  /** An Account linked to a Xero contact with an Opportunity holding a Xero invoice. */
  async function plant() {
    const xeroContactId = randomUUID();
    const xeroInvoiceId = randomUUID();
    const accountId = created(
      await h.conn
        .sobject('Account')
        .create({ Name: `Payer ${xeroContactId.slice(0, 6)}`, Xero_Contact_ID__c: xeroContactId }),
    );
    const dealId = created(
      await h.conn.sobject('Opportunity').create({
        Name: 'Annual plan',
        StageName: 'Closed Won',
        CloseDate: '2026-11-01',
        Amount: 1200,
        AccountId: accountId,
        Xero_Invoice_ID__c: xeroInvoiceId,
      }),
    );
    return { xeroContactId, xeroInvoiceId, accountId, dealId };
  }
  const read = async (sobject: string, id: string, fields: string[]): Promise<Row> => {
    const [row] = (
      await h.conn.query<Row>(`SELECT Id, ${fields.join(', ')} FROM ${sobject} WHERE Id = ${soqlString(id)}`)
    ).records;
    if (!row) throw new Error(`${sobject} ${id} not found`);
    return row;
  };
  const mark = () => h.server.requests().length;

  it('finds the deal by its Xero invoice and the account by its Xero contact; unknown ones are undefined', async () => {
    const p = await plant();
    await expect(port.dealForXeroInvoice(p.xeroInvoiceId)).resolves.toEqual({
      dealId: p.dealId,
      name: 'Annual plan',
      accountId: p.accountId,
      ownerId: h.org.userId,
    });
    await expect(port.accountForXeroContact(p.xeroContactId)).resolves.toMatchObject({
      accountId: p.accountId,
      ownerId: h.org.userId,
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
      lastDeclineCode: 'insufficient_funds',
      refundedAmount: 0,
      dispute: null,
      stripeReference: 'pi_123',
    };
    const first = await port.writeDealPayment(p.dealId, failed);
    expect(Object.keys(first.changes).sort()).toEqual(
      [
        'Payment_Status__c',
        'Payment_Retry_Count__c',
        'Next_Payment_Attempt__c',
        'Last_Decline_Code__c',
        'Refunded_Amount__c',
        'Stripe_Reference__c',
      ].sort(),
    );
    const before = mark();
    const replay = await port.writeDealPayment(p.dealId, failed);
    expect(replay.changes).toEqual({});
    expect(writesSince(h.server, before)).toEqual([]);

    const disputed = await port.writeDealPayment(p.dealId, {
      ...failed,
      status: 'disputed',
      nextAttemptAt: null,
      dispute: { status: 'needs_response', reason: 'fraudulent', amount: 1200 },
    });
    expect(Object.keys(disputed.changes).sort()).toEqual(
      ['Payment_Status__c', 'Next_Payment_Attempt__c', 'Dispute_Status__c'].sort(),
    );
    expect(
      await read('Opportunity', p.dealId, [
        'Payment_Status__c',
        'Dispute_Status__c',
        'Next_Payment_Attempt__c',
      ]),
    ).toMatchObject({
      Payment_Status__c: 'disputed',
      Dispute_Status__c: 'needs_response: fraudulent (1200.00)',
      Next_Payment_Attempt__c: null,
    });
  });

  it('writes the subscription on the deal and the figures on the account, each part only when given', async () => {
    const p = await plant();
    const sub = {
      status: 'active',
      arr: 12000,
      mrr: 1000,
      currency: 'USD',
      renewalDate: '2027-11-01',
      stripeSubscriptionId: 'sub_1',
    };
    expect((await port.writeDealSubscription(p.dealId, sub)).changes).toHaveProperty('Renewal_Date__c');
    expect((await port.writeDealSubscription(p.dealId, sub)).changes).toEqual({});
    expect(
      await read('Opportunity', p.dealId, [
        'Subscription_ARR__c',
        'Renewal_Date__c',
        'Subscription_Status__c',
      ]),
    ).toMatchObject({
      Subscription_ARR__c: 12000,
      Renewal_Date__c: '2027-11-01',
      Subscription_Status__c: 'active',
    });

    await port.writeAccountFigures(p.accountId, {
      subscriptions: { arr: 12000, mrr: 1000, currency: 'USD' },
    });
    const receivables = {
      asOf: '2026-11-30',
      currency: 'USD',
      daysSalesOutstanding: 41.25,
      current: 100,
      days1to30: 200,
      days31to60: 0,
      days61to90: 0,
      over90: 50,
    };
    const figures = await port.writeAccountFigures(p.accountId, { receivables });
    expect(Object.keys(figures.changes)).not.toContain('Subscription_ARR__c');
    const before = mark();
    expect((await port.writeAccountFigures(p.accountId, { receivables })).changes).toEqual({});
    expect(writesSince(h.server, before)).toEqual([]);
    expect(
      await read('Account', p.accountId, [
        'Subscription_MRR__c',
        'Days_Sales_Outstanding__c',
        'Receivables_1_30__c',
        'Receivables_Over_90__c',
        'Receivables_As_Of__c',
      ]),
    ).toMatchObject({
      Subscription_MRR__c: 1000,
      Days_Sales_Outstanding__c: 41.3,
      Receivables_1_30__c: 200,
      Receivables_Over_90__c: 50,
      Receivables_As_Of__c: '2026-11-30',
    });
  });

  it("reads the account's monthly billing tick in the same query: unset is false, ticked is true", async () => {
    const p = await plant();
    await expect(port.accountForXeroContact(p.xeroContactId)).resolves.toMatchObject({
      accountId: p.accountId,
      monthlyBilling: false,
    });
    await h.conn.sobject('Account').update({ Id: p.accountId, Monthly_Billing__c: true });
    const before = mark();
    await expect(port.accountForXeroContact(p.xeroContactId)).resolves.toMatchObject({
      accountId: p.accountId,
      monthlyBilling: true,
    });
    expect(h.server.requests().length - before).toBe(1);
  });

  it("writes the account's orders once, only when given; a replay writes nothing", async () => {
    const p = await plant();
    const receivables = await port.writeAccountFigures(p.accountId, {
      subscriptions: { arr: 1200, mrr: 100, currency: 'USD' },
    });
    expect(Object.keys(receivables.changes).filter((f) => f.includes('Order'))).toEqual([]);
    const orders = {
      awaitingCount: 3,
      awaitingAmount: 1234.5,
      currency: 'USD',
      lastOrder: `W-1042 · invoiced INV-0107 · 2026-11-03 ${'·'.repeat(300)}`,
    };
    const first = await port.writeAccountFigures(p.accountId, { orders });
    expect(Object.keys(first.changes).sort()).toEqual(
      ['Last_Order__c', 'Orders_Awaiting_Amount__c', 'Orders_Awaiting_Billing__c'].sort(),
    );
    const before = mark();
    expect((await port.writeAccountFigures(p.accountId, { orders })).changes).toEqual({});
    expect(writesSince(h.server, before)).toEqual([]);
    const row = await read('Account', p.accountId, [
      'Orders_Awaiting_Billing__c',
      'Orders_Awaiting_Amount__c',
      'Last_Order__c',
      'Subscription_ARR__c',
    ]);
    expect(row).toMatchObject({
      Orders_Awaiting_Billing__c: 3,
      Orders_Awaiting_Amount__c: 1234.5,
      Subscription_ARR__c: 1200,
    });
    expect(row.Last_Order__c).toBe(orders.lastOrder.slice(0, 255));

    // Invoiced at month end: nothing waits any more; an empty line (kept as null) replays without a write.
    const billed = await port.writeAccountFigures(p.accountId, {
      orders: { ...orders, awaitingCount: 0, awaitingAmount: 0, lastOrder: '' },
    });
    expect(Object.keys(billed.changes).sort()).toEqual(Object.keys(first.changes).sort());
    const afterBilling = mark();
    await port.writeAccountFigures(p.accountId, {
      orders: { ...orders, awaitingCount: 0, awaitingAmount: 0, lastOrder: '' },
    });
    expect(writesSince(h.server, afterBilling)).toEqual([]);
  });

  it('makes a task once per key across retries, for the record owner, on a deal or an account', async () => {
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
    const again = await port.openTask(p.dealId, task);
    expect(first.created).toBe(true);
    expect(again).toEqual({ taskId: first.taskId, created: false });
    expect(
      await read('Task', first.taskId, ['WhatId', 'OwnerId', 'ActivityDate', 'Priority', 'Subject']),
    ).toMatchObject({
      WhatId: p.dealId,
      OwnerId: h.org.userId,
      ActivityDate: '2026-11-08',
      Priority: 'High',
      Subject: 'Invoice 7 days overdue',
    });
    const other = await port.openTask(p.dealId, {
      ...task,
      key: `${task.key}:escalation`,
      priority: 'normal',
    });
    expect(other.created).toBe(true);
    expect(other.taskId).not.toBe(first.taskId);
    expect((await read('Task', other.taskId, ['Priority'])).Priority).toBe('Normal');

    const onAccount = await port.openTask(p.accountId, task);
    expect(onAccount.created).toBe(true);
    await expect(port.openTask(p.accountId, task)).resolves.toEqual({
      taskId: onAccount.taskId,
      created: false,
    });
  });

  it('makes the renewal opportunity once however often asked', async () => {
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
    const rows = (
      await h.conn.query<Row>(
        `SELECT Id, Amount, CloseDate, AccountId, StageName FROM Opportunity WHERE Ledgerbridge_Renewal_Key__c = ${soqlString(request.renewalKey)}`,
      )
    ).records;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      Id: first.recordId,
      Amount: 12000,
      CloseDate: '2027-11-01',
      AccountId: p.accountId,
    });
  });
});
