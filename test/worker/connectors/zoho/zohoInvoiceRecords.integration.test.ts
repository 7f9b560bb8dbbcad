import {
  missingInvoiceRecordFields,
  upsertInvoiceRecord,
  type InvoiceRecordFacts,
} from '../../../../worker/connectors/zoho/zohoInvoiceRecords';
import { startZohoClientHarness, type ConnectedOrg, type ZohoClientHarness } from './zohoClientHarness';

const invoice: InvoiceRecordFacts = {
  xeroInvoiceId: '0b7a3f2e-1c4d-4e5f-8a9b-0c1d2e3f4a5b',
  number: 'INV-0042',
  status: 'AUTHORISED',
  currency: 'GBP',
  total: 1200,
  amountDue: 1200,
  amountPaid: 0,
  dueDate: '2026-02-28',
  onlineUrl: 'https://in.xero.com/abc123',
};

describe('upsertInvoiceRecord (Zoho emulator, module Xero_Invoices)', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let accountId: string;
  let dealId: string;

  beforeAll(async () => {
    h = await startZohoClientHarness();
  });
  afterAll(async () => h.close());
  beforeEach(async () => {
    org = await h.connectOrg('us');
    accountId = String(h.emulator.seedRecord(org.orgId, 'Accounts', { Account_Name: 'Acme Ltd' }).id);
    dealId = String(
      h.emulator.seedRecord(org.orgId, 'Deals', {
        Deal_Name: 'INV-0042',
        Stage: 'Qualification',
        Account_Name: { id: accountId },
      }).id,
    );
  });
  const records = () => h.emulator.records(org.orgId, 'Xero_Invoices');

  it('writes one record per Xero invoice, linked to its account and deal; a replay writes nothing', async () => {
    expect(await missingInvoiceRecordFields(org.client)).toEqual([]);
    const first = await upsertInvoiceRecord(org.client, invoice, { accountId, dealId });
    expect(first).toMatchObject({ recordId: expect.stringMatching(/^\d{19}$/), created: true });
    expect(records()).toEqual([
      expect.objectContaining({
        id: first.recordId,
        Name: 'INV-0042',
        Xero_Invoice_ID: invoice.xeroInvoiceId,
        Invoice_Number: 'INV-0042',
        Status: 'AUTHORISED',
        Currency_Code: 'GBP',
        Total: 1200,
        Amount_Due: 1200,
        Amount_Paid: 0,
        Due_Date: '2026-02-28',
        Online_Invoice_Url: 'https://in.xero.com/abc123',
        Account: { name: 'Acme Ltd', id: accountId },
        Deal: { name: 'INV-0042', id: dealId },
      }),
    ]);

    const creditsBefore = h.emulator.credits(org.orgId).used;
    const replay = await upsertInvoiceRecord(org.client, invoice, { accountId, dealId });
    expect(replay).toEqual({ recordId: first.recordId, created: false, changes: {} });
    expect(h.emulator.credits(org.orgId).used - creditsBefore).toBe(1); // the COQL read alone
  });

  it('updates the changed fields, and leaves a link not given as it is', async () => {
    const first = await upsertInvoiceRecord(org.client, invoice, { accountId, dealId });
    h.clock.advance(60_000);
    const paid = await upsertInvoiceRecord(
      org.client,
      { ...invoice, status: 'PAID', amountDue: 0, amountPaid: 1200 },
      {},
    );
    expect(paid.recordId).toBe(first.recordId);
    expect(paid.created).toBe(false);
    expect(paid.changes).toEqual({
      Status: { before: 'AUTHORISED', after: 'PAID' },
      Amount_Due: { before: 1200, after: 0 },
      Amount_Paid: { before: 0, after: 1200 },
    });
    expect(records()).toEqual([
      expect.objectContaining({
        Status: 'PAID',
        Account: { name: 'Acme Ltd', id: accountId },
        Deal: { name: 'INV-0042', id: dealId },
      }),
    ]);
  });

  it('names a record of a draft without a number, and links an account given later', async () => {
    const draft = {
      ...invoice,
      number: '',
      status: 'DRAFT' as const,
      dueDate: undefined,
      onlineUrl: undefined,
    };
    const made = await upsertInvoiceRecord(org.client, draft, {});
    expect(records()).toEqual([
      expect.objectContaining({ Name: 'Draft 0b7a3f2e', Invoice_Number: null, Account: null, Deal: null }),
    ]);
    const linked = await upsertInvoiceRecord(org.client, draft, { accountId });
    expect(linked).toMatchObject({
      recordId: made.recordId,
      changes: { Account: { before: null, after: accountId } },
    });
    expect(records()).toHaveLength(1);
  });
});
