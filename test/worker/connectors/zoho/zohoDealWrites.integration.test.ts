import { ZohoStages } from '../../../../worker/connectors/zoho/zohoStages';
import type { DealFromInvoice } from '../../../../workflows/domain/invoiceToDeal';
import type { LinkOutcome } from '../../../../worker/sync/accountLinker';
import { ZohoDealWrites } from '../../../../worker/connectors/zoho/zohoDealWrites';
import { missingLedgerbridgeFields } from '../../../../worker/connectors/zoho/zohoSchema';
import {
  countRecordWrites,
  startZohoClientHarness,
  type ConnectedOrg,
  type ZohoClientHarness,
} from './zohoClientHarness';

const INVOICE = '9a1d7c52-2f4b-4e0a-8c3d-000000000101';

describe('ZohoDealWrites against the Zoho emulator', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let deals: ZohoDealWrites;
  let writes: () => number;
  beforeEach(async () => {
    h = await startZohoClientHarness();
    org = await h.connectOrg('au');
    const { client } = org;
    writes = countRecordWrites(client);
    const stages = new ZohoStages(client);
    deals = new ZohoDealWrites({ client, stageOf: (stage) => stages.resolve(stage) });
  });
  afterEach(async () => h.close());

  const deal = (over: Partial<DealFromInvoice> = {}): DealFromInvoice => ({
    xeroInvoiceId: INVOICE,
    name: 'Acme Ltd – INV-0042',
    stage: 'Closed Won',
    amount: 1150,
    currency: 'AUD',
    closeDate: '2026-01-20',
    invoiceNumber: 'INV-0042',
    invoiceStatus: 'AUTHORISED',
    invoiceUrl: 'https://in.xero.com/abc123',
    amountDue: 1150,
    amountPaid: 0,
    paymentStatus: 'Unpaid',
    ...over,
  });
  const linked = (recordId: string): LinkOutcome => ({
    kind: 'linked',
    rule: 'link',
    result: { recordId, created: false, changes: {} },
  });
  const stored = () => h.emulator.records(org.orgId, 'Deals');

  it('the org has every custom field Ledgerbridge writes', async () => {
    expect(await missingLedgerbridgeFields(org.client)).toEqual([]);
  });

  it('creates the deal linked to its account in one upsert; a replay writes nothing', async () => {
    const account = String(h.emulator.seedRecord(org.orgId, 'Accounts', { Account_Name: 'Acme Ltd' }).id);
    const plan = { deal: deal(), invoice: { dueDate: '2026-02-19' } };
    const first = await deals.write(plan, linked(account));
    expect(first.deal).toMatchObject({
      created: true,
      changes: { Xero_Invoice_ID: { before: null, after: INVOICE } },
    });
    expect(first.invoiceRecord).toBeUndefined();
    expect(writes()).toBe(1);
    expect(stored()).toEqual([
      expect.objectContaining({
        id: first.deal.recordId,
        Deal_Name: 'Acme Ltd – INV-0042',
        Stage: 'Closed Won',
        Amount: 1150,
        Closing_Date: '2026-01-20',
        Account_Name: { name: 'Acme Ltd', id: account },
        Xero_Invoice_ID: INVOICE,
        Xero_Invoice_Number: 'INV-0042',
        Xero_Invoice_Status: 'AUTHORISED',
        Xero_Amount_Due: 1150,
        Xero_Amount_Paid: 0,
        Xero_Due_Date: '2026-02-19',
        Xero_Online_Invoice_Url: 'https://in.xero.com/abc123',
      }),
    ]);
    const modified = stored()[0]?.Modified_Time;
    h.clock.advance(60_000);
    const replay = await deals.write(plan, linked(account));
    expect(replay.deal).toEqual({ recordId: first.deal.recordId, created: false, changes: {} });
    expect(writes()).toBe(1);
    expect(stored()[0]?.Modified_Time).toBe(modified);
  });

  it('writes a payment as the changed fields only, on the deal already holding the invoice', async () => {
    // Made earlier without an account (its contact waits for review).
    const made = String(
      h.emulator.seedRecord(org.orgId, 'Deals', {
        Deal_Name: 'Acme Ltd – INV-0042',
        Stage: 'Closed Won',
        Amount: 1150,
        Closing_Date: '2026-01-20',
        Xero_Invoice_ID: INVOICE,
        Xero_Invoice_Number: 'INV-0042',
        Xero_Invoice_Status: 'AUTHORISED',
        Xero_Amount_Due: 1150,
        Xero_Amount_Paid: 0,
        Xero_Online_Invoice_Url: 'https://in.xero.com/abc123',
      }).id,
    );
    const queued: LinkOutcome = { kind: 'queued_for_review', reason: 'ambiguous', candidates: [] };
    const paid = deal({ invoiceStatus: 'PAID', amountDue: 0, amountPaid: 1150, paymentStatus: 'Paid' });
    const result = await deals.write({ deal: paid, invoice: { dueDate: '2026-02-19' } }, queued);
    expect(result).toEqual({
      deal: {
        recordId: made,
        created: false,
        changes: {
          Xero_Invoice_Status: { before: 'AUTHORISED', after: 'PAID' },
          Xero_Amount_Due: { before: 1150, after: 0 },
          Xero_Amount_Paid: { before: 0, after: 1150 },
          Xero_Due_Date: { before: null, after: '2026-02-19' },
        },
      },
      invoiceRecord: undefined,
      account: queued,
    });
    expect(writes()).toBe(1);
    expect(stored()).toHaveLength(1);
    expect(stored()[0]).toMatchObject({
      Xero_Invoice_Status: 'PAID',
      Xero_Amount_Due: 0,
      Account_Name: null,
    });
  });

  it('updates, not doubles, a deal another sync made between the read and the upsert', async () => {
    const { client } = org;
    const coql = client.coql.bind(client);
    client.coql = async (query) => {
      const page = await coql(query);
      h.emulator.seedRecord(org.orgId, 'Deals', {
        Deal_Name: 'Acme Ltd – INV-0042',
        Stage: 'Closed Won',
        Xero_Invoice_ID: INVOICE,
      });
      return page;
    };
    const result = await deals.write({ deal: deal(), invoice: {} }, undefined);
    expect(result.deal.created).toBe(false);
    expect(stored()).toEqual([
      expect.objectContaining({ id: result.deal.recordId, Amount: 1150, Xero_Invoice_Number: 'INV-0042' }),
    ]);
  });

  it("names the stage as the org's picklist has it, and refuses one it lacks", async () => {
    await deals.write({ deal: deal({ stage: 'proposal' }), invoice: { dueDate: '2026-02-28' } }, undefined);
    const [stored] = h.emulator.records(org.orgId, 'Deals');
    expect(stored?.Stage).toBe('Proposal/Price Quote');
    await expect(
      deals.write({ deal: deal({ stage: 'Invoiced' }), invoice: { dueDate: '2026-02-28' } }, undefined),
    ).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/no deal stage "Invoiced"/),
    });
  });
});
