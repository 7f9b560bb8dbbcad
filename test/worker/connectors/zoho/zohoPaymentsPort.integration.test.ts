import type { DealPaymentState } from '../../../../worker/payments/crmPaymentsPort';
import { VendorError } from '../../../../worker/connectors/errors';
import type { ZohoPaymentsPort } from '../../../../worker/connectors/zoho/zohoPaymentsPort';
import { missingLedgerbridgeFields } from '../../../../worker/connectors/zoho/zohoSchema';
import type { ConnectedOrg, ZohoClientHarness } from './zohoClientHarness';
import { CONTACT, INVOICE, startPaymentsPort, type PaymentsPortSetup } from './zohoPaymentsPortSetup';

describe('ZohoPaymentsPort against the Zoho emulator: reads and diffed writes', () => {
  let s: PaymentsPortSetup;
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let port: ZohoPaymentsPort;
  let ensureReady: jest.Mock<Promise<void>, []>;
  let accountId: string;
  let dealId: string;
  let userId: string;

  beforeEach(async () => {
    s = await startPaymentsPort();
    ({ h, org, port, ensureReady, accountId, dealId, userId } = s);
  });
  afterEach(async () => s.h.close());

  const stored = (module: string, id: string) => s.stored(module, id);
  const later = () => s.later();

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

  it('the org has every custom field Ledgerbridge s.writes(), the payment fields among them', async () => {
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

  it("s.writes() a deal's payment once; a replay s.writes() nothing; a refund s.writes() only what changed", async () => {
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
    expect(s.writes()).toBe(1);
    const modified = stored('Deals', dealId).Modified_Time;
    later();
    expect((await port.writeDealPayment(dealId, payment())).changes).toEqual({});
    expect(stored('Deals', dealId).Modified_Time).toBe(modified);
    expect(s.writes()).toBe(1);

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
    expect(s.writes()).toBe(2);
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
    expect(s.writes()).toBe(1);
  });

  it("s.writes() a deal's subscription once; a replay s.writes() nothing", async () => {
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
    expect(s.writes()).toBe(1);
  });

  it("s.writes() an account's subscription totals, receivables and orders; a replay s.writes() nothing", async () => {
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
    expect(s.writes()).toBe(1);

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
    expect(s.writes()).toBe(2);
  });

  it('refuses a write to a record Zoho does not have', async () => {
    await expect(port.writeDealPayment('5843101000001999999', payment())).rejects.toMatchObject({
      kind: 'notFound',
    });
    await expect(port.writeDealPayment('5843101000001999999', payment())).rejects.toBeInstanceOf(VendorError);
  });
});
