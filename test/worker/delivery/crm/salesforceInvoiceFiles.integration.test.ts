import { randomUUID } from 'node:crypto';
import type { SalesforceInvoiceFiles } from '../../../../worker/connectors/salesforce/salesforceInvoiceFiles';
import { soqlString } from '../../../../worker/connectors/salesforce/soql';
import type { Store } from '../../../../worker/store/store';
import { startSalesforce, type SalesforceHarness } from '../../../sandbox/salesforce/harness';
import { salesforceCrmFor } from '../../connectors/salesforce/salesforceCrmHarness';
import { writesSince } from '../../payments/crm/crmPaymentsHarness';
import { filingFor, messageFor, pdfOf } from './invoiceFilingFactories';

type Row = Record<string, unknown> & { Id: string };

/**
 * The Salesforce invoice files port through jsforce against the emulator, whose ContentVersion
 * carries the package's custom fields from force-app: filed once per version, a new version as the
 * same document's next ContentVersion, linked to the opportunity and its account; a delivered
 * e-mail logged once per key as a completed Email task.
 */
describe('Salesforce invoice files', () => {
  let h: SalesforceHarness;
  let store: Store;
  let files: SalesforceInvoiceFiles;

  beforeAll(async () => {
    h = await startSalesforce({ dataset: { accounts: 0, opportunities: 0 } });
    const made = await salesforceCrmFor(h);
    store = made.store;
    files = made.crm.invoiceFiles;
  });
  afterAll(async () => {
    await store.close();
    await h.close();
  });

  const created = (r: { success: boolean; id?: string }): string => {
    if (!r.success || !r.id) throw new Error(`not created: ${JSON.stringify(r)}`);
    return r.id;
  };
  async function plant(): Promise<{ dealId: string; accountId: string }> {
    const accountId = created(
      await h.conn.sobject('Account').create({ Name: `Payer ${randomUUID().slice(0, 6)}` }),
    );
    const dealId = created(
      await h.conn.sobject('Opportunity').create({
        Name: 'Annual audit',
        StageName: 'Closed Won',
        CloseDate: '2026-11-01',
        AccountId: accountId,
      }),
    );
    return { dealId, accountId };
  }
  const query = async (soql: string): Promise<Row[]> => (await h.conn.query<Row>(soql)).records;
  const links = async (documentId: string) =>
    (
      await query(
        `SELECT LinkedEntityId, ShareType, Visibility FROM ContentDocumentLink WHERE ContentDocumentId = ${soqlString(documentId)}`,
      )
    ).map((l) => ({ entity: String(l.LinkedEntityId), shareType: l.ShareType, visibility: l.Visibility }));
  const bytesOf = async (versionId: string): Promise<Buffer> => {
    const res = await fetch(
      `${h.conn.instanceUrl}/services/data/v62.0/sobjects/ContentVersion/${versionId}/VersionData`,
      { headers: { authorization: `Bearer ${String(h.conn.accessToken)}` } },
    );
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };

  it('files once per version; a new version is the same document’s next version, linked to opportunity and account', async () => {
    const place = await plant();
    const v1 = filingFor(place);
    const first = await files.fileInvoicePdf(v1);
    expect(first.outcome).toBe('created');
    expect(first.fileId).toMatch(/^069/);

    const before = h.server.requests().length;
    const unread = () => Promise.reject(new Error('an unchanged filing must not read the PDF'));
    await expect(files.fileInvoicePdf({ ...v1, pdf: unread })).resolves.toEqual({
      fileId: first.fileId,
      outcome: 'unchanged',
    });
    expect(writesSince(h.server, before)).toEqual([]);

    const v2 = { ...v1, version: '2026-11-05T08:00:00Z', pdf: () => Promise.resolve(pdfOf('version 2')) };
    await expect(files.fileInvoicePdf(v2)).resolves.toEqual({ fileId: first.fileId, outcome: 'replaced' });
    // A late retry of the first version does not bring it back.
    await expect(files.fileInvoicePdf(v1)).resolves.toEqual({ fileId: first.fileId, outcome: 'unchanged' });
    await expect(files.fileInvoicePdf(v2)).resolves.toEqual({ fileId: first.fileId, outcome: 'unchanged' });

    const versions = await query(
      'SELECT Id, VersionNumber, IsLatest, Title, PathOnClient, FileExtension, ContentSize, ' +
        'Ledgerbridge_Xero_Invoice_Id__c, Ledgerbridge_Invoice_Version__c FROM ContentVersion ' +
        `WHERE ContentDocumentId = ${soqlString(first.fileId)} ORDER BY VersionNumber ASC`,
    );
    expect(versions.map((v) => [v.VersionNumber, v.IsLatest, v.Ledgerbridge_Invoice_Version__c])).toEqual([
      ['1', false, v1.version],
      ['2', true, v2.version],
    ]);
    expect(versions[1]).toMatchObject({
      Title: 'INV-0042',
      PathOnClient: 'INV-0042.pdf',
      FileExtension: 'pdf',
      ContentSize: (await v2.pdf()).length,
      Ledgerbridge_Xero_Invoice_Id__c: v1.xeroInvoiceId,
    });
    expect(await bytesOf(versions[0]!.Id)).toEqual(await v1.pdf());
    expect(await bytesOf(versions[1]!.Id)).toEqual(await v2.pdf());
    const [document] = await query(
      `SELECT LatestPublishedVersionId FROM ContentDocument WHERE Id = ${soqlString(first.fileId)}`,
    );
    expect(document?.LatestPublishedVersionId).toBe(versions[1]!.Id);
    expect(await links(first.fileId)).toEqual(
      expect.arrayContaining([
        { entity: place.dealId, shareType: 'V', visibility: 'AllUsers' },
        { entity: place.accountId, shareType: 'V', visibility: 'AllUsers' },
      ]),
    );
    expect(await links(first.fileId)).toHaveLength(3); // the owner's own link besides
  });

  it('mends a link removed since, and files an invoice without an account on the opportunity alone', async () => {
    const place = await plant();
    const filing = filingFor(place);
    const { fileId } = await files.fileInvoicePdf(filing);
    const [accountLink] = await query(
      `SELECT Id FROM ContentDocumentLink WHERE LinkedEntityId = ${soqlString(place.accountId)}`,
    );
    await h.conn.sobject('ContentDocumentLink').destroy(accountLink!.Id);
    await expect(files.fileInvoicePdf(filing)).resolves.toEqual({ fileId, outcome: 'unchanged' });
    expect((await links(fileId)).map((l) => l.entity)).toContain(place.accountId);

    const alone = await files.fileInvoicePdf(filingFor({ dealId: place.dealId, accountId: null }));
    expect((await links(alone.fileId)).map((l) => l.entity)).not.toContain(place.accountId);
    expect((await links(alone.fileId)).map((l) => l.entity)).toContain(place.dealId);
  });

  it('logs a delivered e-mail once per key, across retries, as a completed Email task on the opportunity', async () => {
    const place = await plant();
    const message = messageFor(place);
    const first = await files.logDeliveredMessage(message);
    expect(first.created).toBe(true);
    const before = h.server.requests().length;
    await expect(files.logDeliveredMessage(message)).resolves.toEqual({
      activityId: first.activityId,
      created: false,
    });
    await expect(files.logDeliveredMessage(message)).resolves.toEqual({
      activityId: first.activityId,
      created: false,
    });
    expect(writesSince(h.server, before)).toEqual([]);
    const reminder = await files.logDeliveredMessage({
      ...message,
      key: 'reminder:7',
      subject: 'Reminder: INV-0042',
    });
    expect(reminder).toMatchObject({ created: true });
    expect(reminder.activityId).not.toBe(first.activityId);

    const tasks = await query(
      'SELECT Id, Subject, Status, IsClosed, TaskSubtype, ActivityDate, Description FROM Task ' +
        `WHERE WhatId = ${soqlString(place.dealId)} ORDER BY CreatedDate ASC`,
    );
    expect(tasks).toHaveLength(2);
    expect(tasks[0]).toMatchObject({
      Id: first.activityId,
      Subject: message.subject,
      Status: 'Completed',
      IsClosed: true,
      TaskSubtype: 'Email',
      ActivityDate: '2026-11-03',
    });
    expect(String(tasks[0]?.Description)).toMatch(/^Hello,\n\nyour invoice INV-0042/);
  });
});

describe('Salesforce invoice files in an org with the package installed managed', () => {
  it('writes and finds the file by the namespaced ContentVersion fields', async () => {
    const h = await startSalesforce({ namespace: 'lbx', dataset: { accounts: 0, opportunities: 0 } });
    const { crm, store } = await salesforceCrmFor(h, { namespace: 'lbx' });
    try {
      const account = await h.conn.sobject('Account').create({ Name: 'Managed Co' });
      const deal = await h.conn
        .sobject('Opportunity')
        .create({ Name: 'Audit', StageName: 'Prospecting', CloseDate: '2026-11-01', AccountId: account.id });
      const filing = filingFor({ dealId: String(deal.id), accountId: String(account.id) });
      const first = await crm.invoiceFiles.fileInvoicePdf(filing);
      expect(first.outcome).toBe('created');
      await expect(crm.invoiceFiles.fileInvoicePdf(filing)).resolves.toEqual({
        fileId: first.fileId,
        outcome: 'unchanged',
      });
      const [row] = (
        await h.conn.query<Row>(
          `SELECT lbx__Ledgerbridge_Xero_Invoice_Id__c FROM ContentVersion WHERE ContentDocumentId = ${soqlString(first.fileId)}`,
        )
      ).records;
      expect(row?.lbx__Ledgerbridge_Xero_Invoice_Id__c).toBe(filing.xeroInvoiceId);
    } finally {
      await store.close();
      await h.close();
    }
  });
});
