import { HUBSPOT_SCOPES } from '../../../../worker/connectors/hubspot/hubspotEndpoints';
import { VendorError } from '../../../../worker/connectors/errors';
import { writesSince } from '../../payments/crm/crmPaymentsHarness';
import { FILES_PORTAL, hubspotCrmWithScopes } from './hubspotFilesHarness';
import { filingFor, messageFor, pdfOf } from './invoiceFilingFactories';

type Harness = Awaited<ReturnType<typeof hubspotCrmWithScopes>>;

/**
 * The HubSpot invoice files port through @hubspot/api-client against the emulator: one PRIVATE file
 * per invoice in the Files API, replaced in place on a new version, one note on the deal and the
 * company attaching it; a delivered e-mail logged once per key as an e-mail engagement.
 */
describe('HubSpot invoice files', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await hubspotCrmWithScopes();
  });
  afterAll(() => h.close());

  const portal = () => h.emulator.portal(FILES_PORTAL);
  function plant(): { dealId: string; accountId: string } {
    const company = portal().create('companies', { name: 'Acme Audit' });
    const deal = portal().create('deals', { dealname: 'Annual audit' });
    return { dealId: deal.id, accountId: company.id };
  }
  const notesOn = (type: 'deals' | 'companies', id: string) => [
    ...portal().associated(type, id, 'notes').keys(),
  ];
  const emailsOn = (type: 'deals' | 'companies', id: string) => [
    ...portal().associated(type, id, 'emails').keys(),
  ];

  it('keeps one private file per invoice, replaced on a new version, and one note on the deal and the company', async () => {
    const place = plant();
    const v1 = filingFor(place);
    const first = await h.crm.invoiceFiles.fileInvoicePdf(v1);
    expect(first.outcome).toBe('created');
    const stored = () => h.emulator.files.of(FILES_PORTAL).files.get(first.fileId);
    expect(stored()).toMatchObject({
      path: `/ledgerbridge/invoices/${FILES_PORTAL}/${v1.xeroInvoiceId}.pdf`,
      access: 'PRIVATE',
      data: await v1.pdf(),
    });

    const before = h.server.requests().length;
    const unread = () => Promise.reject(new Error('an unchanged filing must not read the PDF'));
    await expect(h.crm.invoiceFiles.fileInvoicePdf({ ...v1, pdf: unread })).resolves.toEqual({
      fileId: first.fileId,
      outcome: 'unchanged',
    });
    expect(writesSince(h.server, before)).toEqual([]);

    const v2 = { ...v1, version: '2026-11-05T08:00:00Z', pdf: () => Promise.resolve(pdfOf('version 2')) };
    await expect(h.crm.invoiceFiles.fileInvoicePdf(v2)).resolves.toEqual({
      fileId: first.fileId,
      outcome: 'replaced',
    });
    await expect(h.crm.invoiceFiles.fileInvoicePdf(v2)).resolves.toEqual({
      fileId: first.fileId,
      outcome: 'unchanged',
    });
    expect(stored()?.data).toEqual(await v2.pdf());
    expect(h.emulator.files.of(FILES_PORTAL).files.size).toBe(1);

    const notes = notesOn('deals', place.dealId);
    expect(notes).toHaveLength(1);
    expect(notesOn('companies', place.accountId)).toEqual(notes);
    const note = portal().find('notes', notes[0]!);
    expect(note?.properties.hs_attachment_ids).toBe(first.fileId);
    expect(note?.properties.hs_note_body).toContain(`version ${v2.version}.`);
    expect(note?.properties.hs_note_body).toContain('Invoice INV-0042');
  });

  it('logs a delivered e-mail once per key, across retries, on the deal and the company', async () => {
    const place = plant();
    const message = messageFor(place);
    const first = await h.crm.invoiceFiles.logDeliveredMessage(message);
    expect(first.created).toBe(true);
    const before = h.server.requests().length;
    await expect(h.crm.invoiceFiles.logDeliveredMessage(message)).resolves.toEqual({
      activityId: first.activityId,
      created: false,
    });
    expect(writesSince(h.server, before)).toEqual([]);
    const reminder = await h.crm.invoiceFiles.logDeliveredMessage({ ...message, key: 'reminder:7' });
    expect(reminder.created).toBe(true);

    expect(emailsOn('deals', place.dealId).sort()).toEqual([first.activityId, reminder.activityId].sort());
    expect(emailsOn('companies', place.accountId).sort()).toEqual(
      [first.activityId, reminder.activityId].sort(),
    );
    const email = portal().find('emails', first.activityId);
    expect(email?.properties).toMatchObject({
      hs_email_direction: 'EMAIL',
      hs_email_status: 'SENT',
      hs_email_subject: message.subject,
      hs_timestamp: message.sentAt,
    });
    expect(email?.properties.hs_email_text).toMatch(/^Hello,\n\nyour invoice INV-0042/);
    expect(JSON.parse(email?.properties.hs_email_headers ?? '{}')).toEqual({
      to: [{ email: 'ap@customer.example' }],
      cc: [],
      bcc: [],
    });
  });

  it('is refused as forbidden where the portal did not grant the files scope', async () => {
    const without = await hubspotCrmWithScopes([...HUBSPOT_SCOPES]);
    try {
      const company = without.emulator.portal(FILES_PORTAL).create('companies', { name: 'Acme' });
      const deal = without.emulator.portal(FILES_PORTAL).create('deals', { dealname: 'Audit' });
      const refused = await without.crm.invoiceFiles
        .fileInvoicePdf(filingFor({ dealId: deal.id, accountId: company.id }))
        .catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(VendorError);
      expect(refused).toMatchObject({ kind: 'forbidden' });
    } finally {
      await without.close();
    }
  });
});
