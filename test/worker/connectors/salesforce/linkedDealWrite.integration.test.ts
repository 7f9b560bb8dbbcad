import { randomUUID } from 'node:crypto';
import type { Connection } from 'jsforce';
import { VendorError } from '../../../../worker/connectors/errors';
import { writeLinkedDeal } from '../../../../worker/connectors/salesforce/salesforceLinkedDealWrite';
import type { UpsertDealPlan } from '../../../../worker/sync/crmTarget';
import type { CanonicalContact, CanonicalInvoice } from '../../../../workflows/domain/canonical';
import { mappingSettingsSchema } from '../../../../workflows/domain/mappingSettings';
import { planXeroRecord } from '../../../../workflows/xero/planXeroRecord';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';

type Row = Record<string, unknown> & { Id: string };

/**
 * The linked-account deal write against the Salesforce emulator through jsforce: two composite
 * calls, new records reached through references, all-or-none on a refusal, and nothing at all when
 * the account is not linked yet (the step-by-step path takes over).
 */
describe('Salesforce deal write for a linked account (composite)', () => {
  let h: SalesforceHarness;
  let calls: number;
  const deps = () => ({
    call: <T>(fn: (conn: Connection) => Promise<T>): Promise<T> => {
      calls++;
      return fn(h.conn);
    },
    isMultiCurrency: () => Promise.resolve(false),
    connectionId: 'sf-connection',
  });
  beforeAll(async () => {
    h = await startSalesforce({ dataset: { accounts: 0, opportunities: 0 } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    calls = 0;
  });

  const contact = (): CanonicalContact => ({
    xeroContactId: randomUUID(),
    name: 'Composite Traders',
    groups: [],
    isCustomer: true,
    status: 'ACTIVE',
    receivable: { outstanding: 1200, overdue: 0 },
    updatedAt: '2026-11-01T10:00:00Z',
  });
  const invoice = (c: CanonicalContact, paid: Array<{ id: string; amount: number }>): CanonicalInvoice => {
    const amountPaid = paid.reduce((n, p) => n + p.amount, 0);
    return {
      xeroInvoiceId: randomUUID(),
      number: `INV-${Math.floor(Math.random() * 1e6)}`,
      type: 'ACCREC',
      status: 'AUTHORISED',
      contactId: c.xeroContactId,
      contactName: c.name,
      currency: 'USD',
      date: '2026-11-01',
      dueDate: '2026-12-01',
      subTotal: 1200,
      totalTax: 0,
      total: 1200,
      amountDue: 1200 - amountPaid,
      amountPaid,
      amountCredited: 0,
      lines: [
        { description: 'Audit', quantity: 1, unitAmount: 1200, lineAmount: 1200, taxAmount: 0, tracking: [] },
      ],
      paymentIds: paid.map((p) => p.id),
      payments: paid.map((p) => ({ xeroPaymentId: p.id, amount: p.amount, date: '2026-11-02' })),
      updatedAt: '2026-11-02T10:00:00Z',
    };
  };
  const plan = (c: CanonicalContact, i: CanonicalInvoice): UpsertDealPlan => {
    const planned = planXeroRecord(
      { kind: 'invoice', invoice: i, contact: c },
      mappingSettingsSchema.parse({}),
    );
    if (planned.kind !== 'upsert_deal') throw new Error(`planned ${planned.kind}`);
    return planned;
  };
  const one = async (soql: string): Promise<Row | undefined> => (await h.conn.query<Row>(soql)).records[0];
  const linkedAccount = async (c: CanonicalContact) =>
    (await h.conn.sobject('Account').create({ Name: c.name, Xero_Contact_ID__c: c.xeroContactId }))
      .id as string;

  it('does nothing and answers undefined while the account is not linked', async () => {
    const c = contact();
    const inv = invoice(c, []);
    expect(await writeLinkedDeal(deps(), plan(c, inv), { xeroTenantId: 't' })).toBeUndefined();
    expect(calls).toBe(1);
    expect(
      await one(`SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c = '${inv.xeroInvoiceId}'`),
    ).toBeUndefined();
  });

  it('creates the opportunity, invoice record and payments in one write, linked through references', async () => {
    const c = contact();
    const accountId = await linkedAccount(c);
    const paymentId = randomUUID();
    const inv = invoice(c, [{ id: paymentId, amount: 200 }]);
    const written = await writeLinkedDeal(deps(), plan(c, inv), { xeroTenantId: 't' });
    expect(calls).toBe(2);
    const opp = await one(
      `SELECT Id, AccountId, Xero_Amount_Paid__c FROM Opportunity WHERE Xero_Invoice_ID__c = '${inv.xeroInvoiceId}'`,
    );
    const record = await one(
      `SELECT Id, Opportunity__c, Account__c FROM Xero_Invoice__c WHERE Xero_Invoice_ID__c = '${inv.xeroInvoiceId}'`,
    );
    const payment = await one(
      `SELECT Id, Invoice__c, Amount__c FROM Xero_Payment__c WHERE Xero_Payment_ID__c = '${paymentId}'`,
    );
    expect(opp).toMatchObject({ AccountId: accountId, Xero_Amount_Paid__c: 200 });
    expect(record).toMatchObject({ Opportunity__c: opp?.Id, Account__c: accountId });
    expect(payment).toMatchObject({ Invoice__c: record?.Id, Amount__c: 200 });
    expect(written).toMatchObject({
      account: { kind: 'linked', rule: 'link', result: { recordId: accountId, created: false } },
      deal: { recordId: opp?.Id, created: true },
      invoiceRecord: {
        recordId: record?.Id,
        created: true,
        // The audit shows the ID the reference became, not the reference.
        changes: { Opportunity__c: { before: null, after: opp?.Id } },
      },
      payments: [{ recordId: payment?.Id, created: true }],
    });
    // The account's balances were written (they differed), with its last-sync time.
    expect(written?.account?.kind === 'linked' && written.account.result.changes).toMatchObject({
      Xero_Outstanding_Balance__c: { before: null, after: 1200 },
    });

    // The same plan again: one read, no write, no change reported.
    calls = 0;
    const replay = await writeLinkedDeal(deps(), plan(c, inv), { xeroTenantId: 't' });
    expect(calls).toBe(1);
    expect(replay?.deal).toEqual({ recordId: opp?.Id, created: false, changes: {} });
    expect(replay?.payments).toEqual([]);
  });

  it('a refused record rolls the whole write back and fails as a validation error naming the rule', async () => {
    const c = contact();
    await linkedAccount(c);
    const inv = invoice(c, []);
    await writeLinkedDeal(deps(), plan(c, inv), { xeroTenantId: 't' });
    h.emulator.store.validationRules.push({
      sobject: 'Xero_Invoice__c',
      when: (r) => Number(r.Amount_Paid__c) > 500,
      message: 'Paid more than the approval limit',
    });
    try {
      const paid = {
        ...inv,
        amountPaid: 600,
        amountDue: 600,
        payments: [{ xeroPaymentId: randomUUID(), amount: 600, date: '2026-11-03' }],
      };
      const err = await writeLinkedDeal(deps(), plan(c, paid), { xeroTenantId: 't' }).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(VendorError);
      expect(err).toMatchObject({
        kind: 'validation',
        details: { vendorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' },
      });
      expect((err as Error).message).toContain('Paid more than the approval limit');
      // allOrNone: the opportunity and account writes in the same request did not stay.
      const opp = await one(
        `SELECT Xero_Amount_Paid__c FROM Opportunity WHERE Xero_Invoice_ID__c = '${inv.xeroInvoiceId}'`,
      );
      expect(opp?.Xero_Amount_Paid__c).toBe(0);
    } finally {
      h.emulator.store.validationRules.pop();
    }
  });
});
