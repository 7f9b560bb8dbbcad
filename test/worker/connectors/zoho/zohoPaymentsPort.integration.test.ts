import type {
  CrmTaskRequest,
  DealPaymentState,
  RenewalDealRequest,
} from '../../../../worker/payments/crmPaymentsPort';
import { VendorError } from '../../../../worker/connectors/errors';
import { ZohoPaymentsPort } from '../../../../worker/connectors/zoho/zohoPaymentsPort';
import { missingLedgerbridgeFields } from '../../../../worker/connectors/zoho/zohoSchema';
import { carriesProblemKey, problemKey } from '../../../../worker/sync/crmTaskKeys';
import { startZohoClientHarness, type ConnectedOrg, type ZohoClientHarness } from './zohoClientHarness';

const INVOICE = '9a1d7c52-2f4b-4e0a-8c3d-000000000201';
const CONTACT = '3f2e1d0c-0000-4000-8000-000000000301';

describe('ZohoPaymentsPort against the Zoho emulator', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let port: ZohoPaymentsPort;
  let ensureReady: jest.Mock<Promise<void>, []>;
  let writes: number;
  let accountId: string;
  let dealId: string;
  let userId: string;

  beforeEach(async () => {
    h = await startZohoClientHarness();
    org = await h.connectOrg('eu');
    writes = 0;
    const { client } = org;
    for (const method of ['createRecords', 'updateRecords', 'upsertRecords'] as const) {
      const original = client[method].bind(client) as (...args: unknown[]) => Promise<never>;
      (client as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        writes++;
        return original(...args);
      };
    }
    ensureReady = jest.fn(() => Promise.resolve());
    port = new ZohoPaymentsPort({ client, ensureReady });
    userId = h.emulator.org(org.orgId).user.id;
    accountId = String(
      h.emulator.seedRecord(org.orgId, 'Accounts', { Account_Name: 'Acme Ltd', Xero_Contact_ID: CONTACT }).id,
    );
    dealId = String(
      h.emulator.seedRecord(org.orgId, 'Deals', {
        Deal_Name: 'Acme Ltd – INV-0042',
        Stage: 'Closed Won',
        Xero_Invoice_ID: INVOICE,
        Account_Name: { id: accountId },
      }).id,
    );
  });
  afterEach(async () => h.close());

  const stored = (module: string, id: string) => {
    const record = h.emulator.records(org.orgId, module).find((r) => r.id === id);
    if (!record) throw new Error(`${module} ${id} not stored`);
    return record;
  };
  /** Replays after a minute: a write would move Modified_Time. */
  const later = () => h.clock.advance(60_000);

  const payment = (over: Partial<DealPaymentState> = {}): DealPaymentState => ({
    status: 'failed',
    failedAttempts: 2,
    nextAttemptAt: '2026-03-01T10:00:00.000Z',
    lastDeclineCode: 'insufficient_funds',
    refundedAmount: 0,
    dispute: null,
    stripeReference: 'in_1Qabc',
    ...over,
  });

  it('the org has every custom field Ledgerbridge writes, the payment fields among them', async () => {
    expect(await missingLedgerbridgeFields(org.client)).toEqual([]);
  });

  it('finds the deal of a Xero invoice with its account and owner, and no deal for another', async () => {
    expect(await port.dealForXeroInvoice(INVOICE)).toEqual({
      dealId,
      name: 'Acme Ltd – INV-0042',
      accountId,
      ownerId: userId,
    });
    expect(await port.dealForXeroInvoice('9a1d7c52-2f4b-4e0a-8c3d-999999999999')).toBeUndefined();
    expect(ensureReady).toHaveBeenCalled();
  });

  it('reads monthly billing as ticked, unticked or unset (false)', async () => {
    const seed = (contact: string, monthly: boolean | undefined) =>
      h.emulator.seedRecord(org.orgId, 'Accounts', {
        Account_Name: `Account ${contact}`,
        Xero_Contact_ID: contact,
        ...(monthly === undefined ? {} : { Monthly_Billing: monthly }),
      });
    seed('contact-ticked', true);
    seed('contact-unticked', false);
    expect(await port.accountForXeroContact('contact-ticked')).toMatchObject({ monthlyBilling: true });
    expect(await port.accountForXeroContact('contact-unticked')).toMatchObject({ monthlyBilling: false });
    expect(await port.accountForXeroContact(CONTACT)).toEqual({
      accountId,
      name: 'Acme Ltd',
      ownerId: userId,
      monthlyBilling: false,
    });
    expect(await port.accountForXeroContact('contact-absent')).toBeUndefined();
  });

  it("writes a deal's payment once; a replay writes nothing; a refund writes only what changed", async () => {
    const first = await port.writeDealPayment(dealId, payment());
    expect(first).toMatchObject({ recordId: dealId, created: false });
    expect(Object.keys(first.changes).sort()).toEqual(
      [
        'Last_Decline_Code',
        'Next_Payment_Attempt',
        'Payment_Retry_Count',
        'Payment_Status',
        'Refunded_Amount',
        'Stripe_Reference',
      ].sort(),
    );
    expect(stored('Deals', dealId)).toMatchObject({
      Payment_Status: 'failed',
      Payment_Retry_Count: 2,
      Next_Payment_Attempt: '2026-03-01T10:00:00+00:00',
      Last_Decline_Code: 'insufficient_funds',
      Refunded_Amount: 0,
      Dispute_Status: null,
      Stripe_Reference: 'in_1Qabc',
    });
    expect(writes).toBe(1);
    const modified = stored('Deals', dealId).Modified_Time;
    later();
    expect((await port.writeDealPayment(dealId, payment())).changes).toEqual({});
    expect(stored('Deals', dealId).Modified_Time).toBe(modified);
    expect(writes).toBe(1);

    const refunded = await port.writeDealPayment(
      dealId,
      payment({
        status: 'disputed',
        dispute: { status: 'needs_response', reason: 'fraudulent', amount: 50 },
      }),
    );
    expect(refunded.changes).toEqual({
      Payment_Status: { before: 'failed', after: 'disputed' },
      Dispute_Status: { before: null, after: 'needs_response: fraudulent (50.00)' },
    });
    expect(stored('Deals', dealId).Modified_Time).not.toBe(modified);
    expect(writes).toBe(2);
  });

  it("compares the next attempt as an instant (Zoho answers in the org's time zone)", async () => {
    h.emulator.seedRecord(org.orgId, 'Deals', {
      Deal_Name: 'Zoned',
      Stage: 'Closed Won',
      Xero_Invoice_ID: 'zoned-invoice',
    });
    const zoned = String(h.emulator.records(org.orgId, 'Deals').find((r) => r.Deal_Name === 'Zoned')?.id);
    await port.writeDealPayment(zoned, payment());
    // As an org in Sydney would answer it: the same instant at +11:00.
    const record = h.emulator.org(org.orgId).get('Deals', zoned);
    if (!record) throw new Error('no zoned deal');
    record.values.Next_Payment_Attempt = '2026-03-01T21:00:00+11:00';
    expect((await port.writeDealPayment(zoned, payment())).changes).toEqual({});
    expect(writes).toBe(1);
  });

  it("writes a deal's subscription once; a replay writes nothing", async () => {
    const state = {
      status: 'active',
      arr: 1200,
      mrr: 100,
      currency: 'eur',
      renewalDate: '2027-01-31',
      stripeSubscriptionId: 'sub_1Qxyz',
    };
    const first = await port.writeDealSubscription(dealId, state);
    expect(Object.keys(first.changes)).toHaveLength(5);
    expect(stored('Deals', dealId)).toMatchObject({
      Subscription_ARR: 1200,
      Subscription_MRR: 100,
      Renewal_Date: '2027-01-31',
      Subscription_Status: 'active',
      Stripe_Subscription_ID: 'sub_1Qxyz',
    });
    const modified = stored('Deals', dealId).Modified_Time;
    later();
    expect((await port.writeDealSubscription(dealId, state)).changes).toEqual({});
    expect(stored('Deals', dealId).Modified_Time).toBe(modified);
    expect(writes).toBe(1);
  });

  it("writes an account's subscription totals, receivables and orders; a replay writes nothing", async () => {
    const figures = {
      subscriptions: { arr: 2400.004, mrr: 200, currency: 'EUR' },
      receivables: {
        asOf: '2026-02-28',
        currency: 'EUR',
        daysSalesOutstanding: 34.56,
        current: 1000,
        days1to30: 250.5,
        days31to60: 0,
        days61to90: 0,
        over90: 99.99,
      },
      orders: {
        awaitingCount: 3,
        awaitingAmount: 459.9,
        currency: 'EUR',
        lastOrder: `W-1042 · invoiced INV-0107 · 2026-11-03 ${'x'.repeat(300)}`,
      },
    };
    const first = await port.writeAccountFigures(accountId, figures);
    expect(Object.keys(first.changes)).toHaveLength(12);
    const account = stored('Accounts', accountId);
    expect(account).toMatchObject({
      Subscription_ARR: 2400,
      Subscription_MRR: 200,
      Receivables_As_Of: '2026-02-28',
      Days_Sales_Outstanding: 34.6,
      Receivables_Current: 1000,
      Receivables_1_30: 250.5,
      Receivables_Over_90: 99.99,
      Orders_Awaiting_Billing: 3,
      Orders_Awaiting_Amount: 459.9,
    });
    expect(account.Last_Order).toHaveLength(255);
    expect(String(account.Last_Order)).toMatch(/^W-1042 · invoiced INV-0107 · 2026-11-03 x+$/);
    const modified = account.Modified_Time;
    later();
    expect((await port.writeAccountFigures(accountId, figures)).changes).toEqual({});
    expect(stored('Accounts', accountId).Modified_Time).toBe(modified);
    expect(writes).toBe(1);

    // Orders alone: the other figures stay as they are.
    const orders = await port.writeAccountFigures(accountId, {
      orders: {
        awaitingCount: 0,
        awaitingAmount: 0,
        currency: 'EUR',
        lastOrder: 'W-1043 · invoiced INV-0108',
      },
    });
    expect(Object.keys(orders.changes).sort()).toEqual([
      'Last_Order',
      'Orders_Awaiting_Amount',
      'Orders_Awaiting_Billing',
    ]);
    expect(stored('Accounts', accountId)).toMatchObject({
      Subscription_ARR: 2400,
      Orders_Awaiting_Billing: 0,
    });
    expect(writes).toBe(2);
  });

  it('refuses a write to a record Zoho does not have', async () => {
    await expect(port.writeDealPayment('5843101000001999999', payment())).rejects.toMatchObject({
      kind: 'notFound',
    });
    await expect(port.writeDealPayment('5843101000001999999', payment())).rejects.toBeInstanceOf(VendorError);
  });

  const task = (over: Partial<CrmTaskRequest> = {}): CrmTaskRequest => ({
    key: 'dispute:dp_1',
    subject: 'Payment disputed: Acme Ltd – INV-0042',
    body: 'The customer’s bank opened a dispute.',
    dueDate: '2026-03-04',
    priority: 'high',
    ownerId: null,
    ...over,
  });
  const tasks = () => h.emulator.records(org.orgId, 'Tasks');

  it('makes one task for two concurrent calls with one key, on the deal for its owner, and none on a replay', async () => {
    const [a, b] = await Promise.all([port.openTask(dealId, task()), port.openTask(dealId, task())]);
    expect([a.created, b.created].sort()).toEqual([false, true]);
    expect(a.taskId).toBe(b.taskId);
    expect(tasks()).toEqual([
      expect.objectContaining({
        id: a.taskId,
        Subject: 'Payment disputed: Acme Ltd – INV-0042',
        What_Id: { name: 'Acme Ltd – INV-0042', id: dealId },
        $se_module: 'Deals',
        Owner: expect.objectContaining({ id: userId }),
        Priority: 'High',
        Status: 'Not Started',
        Due_Date: '2026-03-04',
      }),
    ]);
    expect(carriesProblemKey(String(tasks()[0]?.Description), problemKey(dealId, 'dispute:dp_1'))).toBe(true);

    const replay = await new ZohoPaymentsPort({ client: org.client, ensureReady }).openTask(dealId, task());
    expect(replay).toEqual({ taskId: a.taskId, created: false });
    expect(tasks()).toHaveLength(1);
  });

  it('puts a normal task on an account; another key, or the key after its task was completed, makes another', async () => {
    const onAccount = await port.openTask(accountId, task({ key: 'order-rejected:o1', priority: 'normal' }));
    expect(stored('Tasks', onAccount.taskId)).toMatchObject({
      $se_module: 'Accounts',
      What_Id: { name: 'Acme Ltd', id: accountId },
      Priority: 'Normal',
    });
    const other = await port.openTask(accountId, task({ key: 'order-rejected:o2' }));
    expect(other.created).toBe(true);
    const record = h.emulator.org(org.orgId).get('Tasks', onAccount.taskId);
    if (!record) throw new Error('no task');
    record.values.Status = 'Completed';
    const again = await port.openTask(accountId, task({ key: 'order-rejected:o1', priority: 'normal' }));
    expect(again.created).toBe(true);
    expect(again.taskId).not.toBe(onAccount.taskId);
    expect(tasks()).toHaveLength(3);
  });

  it('completes its own task when another process made the key’s task first, leaving one open', async () => {
    // Another worker creates the same task between this one's read and its create.
    const { client } = org;
    const create = client.createRecords.bind(client);
    let raced = false;
    client.createRecords = async (module, records) => {
      if (!raced) {
        raced = true;
        await create(module, records);
      }
      return create(module, records);
    };
    const outcome = await port.openTask(dealId, task());
    const [theirs, ours] = tasks().sort((x, y) => (String(x.id) < String(y.id) ? -1 : 1));
    expect(outcome).toEqual({ taskId: theirs?.id, created: false });
    expect(theirs?.Status).toBe('Not Started');
    expect(ours?.Status).toBe('Completed');
    expect(await port.openTask(dealId, task())).toEqual({ taskId: theirs?.id, created: false });
  });

  it('throws notFound for a task on a record that is neither a deal nor an account', async () => {
    await expect(port.openTask('5843101000001999999', task())).rejects.toMatchObject({ kind: 'notFound' });
    expect(tasks()).toEqual([]);
  });

  const renewal = (over: Partial<RenewalDealRequest> = {}): RenewalDealRequest => ({
    renewalKey: 'sub_1Qxyz:2027-01-31',
    accountId,
    name: 'Acme Ltd – renewal 2027',
    amount: 1200,
    currency: 'eur',
    closeDate: '2027-01-31',
    ownerId: userId,
    ...over,
  });

  it('makes a renewal deal once, even for two concurrent calls, and leaves it to the rep afterwards', async () => {
    const [a, b] = await Promise.all([port.ensureRenewalDeal(renewal()), port.ensureRenewalDeal(renewal())]);
    expect(a.recordId).toBe(b.recordId);
    expect([a.created, b.created]).toContain(true);
    const renewals = () => h.emulator.records(org.orgId, 'Deals').filter((d) => d.Ledgerbridge_Renewal_Key);
    expect(renewals()).toEqual([
      expect.objectContaining({
        id: a.recordId,
        Deal_Name: 'Acme Ltd – renewal 2027',
        Stage: 'Qualification',
        Amount: 1200,
        Closing_Date: '2027-01-31',
        Currency: 'EUR',
        Account_Name: { name: 'Acme Ltd', id: accountId },
        Owner: expect.objectContaining({ id: userId }),
        Ledgerbridge_Renewal_Key: 'sub_1Qxyz:2027-01-31',
      }),
    ]);
    // The rep moves it on; asked again, Ledgerbridge finds it and writes nothing.
    const record = h.emulator.org(org.orgId).get('Deals', a.recordId);
    if (!record) throw new Error('no renewal');
    record.values.Stage = 'Negotiation/Review';
    const before = writes;
    expect(await port.ensureRenewalDeal(renewal({ amount: 999 }))).toEqual({
      recordId: a.recordId,
      created: false,
      changes: {},
    });
    expect(writes).toBe(before);
    expect(renewals()).toEqual([expect.objectContaining({ Stage: 'Negotiation/Review', Amount: 1200 })]);
  });
});
