import { attachmentsOf } from '../../../../sandbox/zoho/attachments';
import type { InvoicePdfFiling } from '../../../../worker/delivery/crmInvoiceFilesPort';
import { ZohoInvoiceFiles } from '../../../../worker/connectors/zoho/zohoInvoiceFiles';
import { startZohoClientHarness, type ConnectedOrg, type ZohoClientHarness } from './zohoClientHarness';

const XERO_INVOICE_ID = '0b7a3f2e-1c4d-4e5f-8a9b-0c1d2e3f4a5b';

describe('ZohoInvoiceFiles (Zoho emulator)', () => {
  let h: ZohoClientHarness;
  let org: ConnectedOrg;
  let files: ZohoInvoiceFiles;
  let accountId: string;
  let dealId: string;

  beforeAll(async () => {
    h = await startZohoClientHarness();
  });
  afterAll(async () => h.close());
  beforeEach(async () => {
    org = await h.connectOrg('eu');
    files = new ZohoInvoiceFiles({ client: org.client, now: () => new Date(h.clock.now()) });
    accountId = String(h.emulator.seedRecord(org.orgId, 'Accounts', { Account_Name: 'Acme Ltd' }).id);
    dealId = String(
      h.emulator.seedRecord(org.orgId, 'Deals', {
        Deal_Name: 'INV-0042',
        Stage: 'Qualification',
        Account_Name: { id: accountId },
      }).id,
    );
  });

  /** The attachments on a record: name and content. */
  const attached = (module: string, id: string) =>
    [...attachmentsOf(h.emulator.org(org.orgId)).values()]
      .filter((a) => a.module === module && a.parentId === id)
      .map((a) => ({ id: a.id, fileName: a.fileName, content: a.data.toString() }));
  const notesOn = (id: string) =>
    h.emulator.records(org.orgId, 'Notes').filter((n) => (n.Parent_Id as { id: string }).id === id);

  function filing(version: string, content: string, reads: { count: number }): InvoicePdfFiling {
    return {
      dealId,
      accountId,
      xeroInvoiceId: XERO_INVOICE_ID,
      invoiceNumber: 'INV-0042',
      version,
      fileName: 'INV-0042.pdf',
      pdf: () => {
        reads.count++;
        return Promise.resolve(Buffer.from(content));
      },
    };
  }

  it('files the PDF on the deal and the account once a version, replacing it when the version changes', async () => {
    const reads = { count: 0 };
    const first = await files.fileInvoicePdf(filing('2026-01-31T10:00:00Z', 'pdf v1', reads));
    expect(first).toEqual({ fileId: expect.stringMatching(/^\d{19}$/), outcome: 'created' });
    expect(reads.count).toBe(1);
    expect(attached('Deals', dealId)).toEqual([
      { id: first.fileId, fileName: 'INV-0042.pdf', content: 'pdf v1' },
    ]);
    expect(attached('Accounts', accountId)).toEqual([
      { id: expect.any(String), fileName: 'INV-0042.pdf', content: 'pdf v1' },
    ]);
    expect(notesOn(dealId)).toEqual([
      expect.objectContaining({
        Note_Title: 'Invoice INV-0042 (PDF)',
        Note_Content: expect.stringContaining(
          `Ledgerbridge invoice ${XERO_INVOICE_ID}, version 2026-01-31T10:00:00Z.`,
        ),
      }),
    ]);

    // The same version again: nothing read from Xero, nothing written.
    const creditsBefore = h.emulator.credits(org.orgId).used;
    const again = await files.fileInvoicePdf(filing('2026-01-31T10:00:00Z', 'pdf v1', reads));
    expect(again).toEqual({ fileId: first.fileId, outcome: 'unchanged' });
    expect(reads.count).toBe(1);
    expect(h.emulator.credits(org.orgId).used - creditsBefore).toBe(3); // the note list, two file lists

    h.clock.advance(60_000);
    const replaced = await files.fileInvoicePdf(filing('2026-02-02T09:30:00Z', 'pdf v2', reads));
    expect(replaced.outcome).toBe('replaced');
    expect(replaced.fileId).not.toBe(first.fileId);
    expect(reads.count).toBe(2);
    expect(attached('Deals', dealId)).toEqual([
      { id: replaced.fileId, fileName: 'INV-0042.pdf', content: 'pdf v2' },
    ]);
    expect(attached('Accounts', accountId)).toEqual([
      { id: expect.any(String), fileName: 'INV-0042.pdf', content: 'pdf v2' },
    ]);
    const notes = notesOn(dealId);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.Note_Content).toContain('version 2026-02-02T09:30:00Z.');
    expect(notes[0]?.Note_Content).not.toContain('version 2026-01-31T10:00:00Z.');
  });

  it('clears an extra copy a run cut short left, and files on the deal alone without an account', async () => {
    const reads = { count: 0 };
    const first = await files.fileInvoicePdf(filing('v1', 'pdf v1', reads));
    // A run that uploaded a copy and stopped before its note and clean-up.
    await org.client.attachments.upload('Deals', dealId, {
      name: 'INV-0042.pdf',
      bytes: Buffer.from('stray'),
      contentType: 'application/pdf',
    });
    expect(attached('Deals', dealId)).toHaveLength(2);
    const again = await files.fileInvoicePdf(filing('v1', 'pdf v1', reads));
    expect(again.outcome).toBe('unchanged');
    expect(reads.count).toBe(1);
    expect(attached('Deals', dealId).map((a) => a.id)).toEqual([again.fileId]);
    expect(again.fileId).not.toBe(first.fileId); // the newest copy is kept

    const otherDeal = String(
      h.emulator.seedRecord(org.orgId, 'Deals', { Deal_Name: 'INV-0043', Stage: 'Qualification' }).id,
    );
    const alone = await files.fileInvoicePdf({
      ...filing('v1', 'pdf 43', reads),
      dealId: otherDeal,
      accountId: null,
      xeroInvoiceId: '1b7a3f2e-1c4d-4e5f-8a9b-0c1d2e3f4a5b',
      fileName: 'INV-0043.pdf',
    });
    expect(alone.outcome).toBe('created');
    expect(attached('Deals', otherDeal)).toHaveLength(1);
    expect(attached('Accounts', accountId).map((a) => a.fileName)).toEqual(['INV-0042.pdf']);
  });

  it('logs a delivered e-mail as one note on the deal and one on the account, once per key', async () => {
    const message = {
      dealId,
      accountId,
      key: `delivery:${XERO_INVOICE_ID}:v1`,
      subject: 'Invoice INV-0042 from Acme Supplies',
      bodyText: 'Please find your invoice attached.',
      to: ['ap@acme.test'],
      sentAt: '2026-01-31T12:00:00Z',
      messageId: '<inv-0042@ledgerbridge.test>',
    };
    const logged = await files.logDeliveredMessage(message);
    expect(logged).toEqual({ activityId: expect.stringMatching(/^\d{19}$/), created: true });
    const again = await files.logDeliveredMessage(message);
    expect(again).toEqual({ activityId: logged.activityId, created: false });
    expect(notesOn(dealId)).toEqual([
      expect.objectContaining({
        id: logged.activityId,
        Note_Title: 'E-mail: Invoice INV-0042 from Acme Supplies',
        Note_Content: expect.stringMatching(
          /ap@acme\.test[\s\S]*Please find your invoice attached\.\n\nLedgerbridge message key: [0-9a-f]{32}$/,
        ),
      }),
    ]);
    expect(notesOn(accountId)).toHaveLength(1);

    const reminder = await files.logDeliveredMessage({ ...message, key: `reminder:${XERO_INVOICE_ID}:7` });
    expect(reminder.created).toBe(true);
    expect(notesOn(dealId)).toHaveLength(2);
    expect(notesOn(accountId)).toHaveLength(2);
  });
});
