import type { Client } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as EmailCategory } from '@hubspot/api-client/lib/codegen/crm/objects/emails';
import { AssociationSpecAssociationCategoryEnum as NoteCategory } from '@hubspot/api-client/lib/codegen/crm/objects/notes';
import { z } from 'zod';
import type {
  CrmInvoiceFilesPort,
  DeliveredMessageLog,
  InvoicePdfFiled,
  InvoicePdfFiling,
} from '../../delivery/crmInvoiceFilesPort';
import {
  carriesMessageKey,
  deliveredMessageKey,
  withMessageKey,
} from '../../delivery/crm/deliveredMessageKeys';
import { VendorError } from '../errors';
import { associatedIds, readEngagements } from './hubspotEngagements';

type Call = <T>(fn: (client: Client) => Promise<T>) => Promise<T>;

/** A property value's length. */
const PROPERTY_VALUE_CHARS = 65_536;
/** HubSpot-defined association types (Associations v4): note→deal/company, email→deal/company. */
const NOTE_TO = { deals: 214, companies: 190 } as const;
const EMAIL_TO = { deals: 210, companies: 186 } as const;

const fileSchema = z.object({ id: z.string() }).loose();
const statSchema = z.object({ file: fileSchema.optional() }).loose();

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** What a filing note says about its invoice: found again by the first, its version by the second. */
const invoiceMarker = (xeroInvoiceId: string) => `Ledgerbridge invoice ${escapeHtml(xeroInvoiceId)}`;
const versionMarker = (xeroInvoiceId: string, version: string) =>
  `${invoiceMarker(xeroInvoiceId)}, version ${escapeHtml(version)}.`;

/**
 * Invoice delivery filed in HubSpot through @hubspot/api-client (issue #23). The PDF goes to the
 * Files API as a PRIVATE file at `/ledgerbridge/invoices/<portal>/<Xero invoice ID>.pdf`, the path
 * being its key; a note on the deal and the company attaches it (hs_attachment_ids) and says which
 * invoice version it shows. The same version again writes nothing; a new one replaces the file's
 * content (same file ID, so the note's attachment stays) and rewrites the note. A delivered e-mail
 * is an e-mail engagement on the deal and company, found again by the key on its text's last line.
 */
export class HubspotInvoiceFiles implements CrmInvoiceFilesPort {
  constructor(private readonly deps: { portalId: string; call: Call; now: () => Date }) {}

  async fileInvoicePdf(request: InvoicePdfFiling): Promise<InvoicePdfFiled> {
    const folderPath = `/ledgerbridge/invoices/${this.deps.portalId}`;
    const name = `${request.xeroInvoiceId}.pdf`;
    const file = await this.fileAt(`${folderPath}/${name}`);
    const note = await this.filingNote(request.dealId, request.xeroInvoiceId);
    const current = note?.properties.hs_note_body?.includes(
      versionMarker(request.xeroInvoiceId, request.version),
    );
    if (file && note && current) return { fileId: file.id, outcome: 'unchanged' };
    const fileId = file
      ? await this.replace(file.id, await request.pdf(), name)
      : await this.upload(folderPath, name, await request.pdf());
    const properties = {
      hs_note_body: noteBody(request),
      hs_timestamp: this.deps.now().toISOString(),
      hs_attachment_ids: fileId,
    };
    if (note) {
      await this.deps.call((c) => c.crm.objects.notes.basicApi.update(note.id, { properties }));
      if (request.accountId) await this.associate('notes', note.id, request.accountId);
      return { fileId, outcome: 'replaced' };
    }
    await this.deps.call((c) =>
      c.crm.objects.notes.basicApi.create({
        properties,
        associations: associations(NoteCategory.HubspotDefined, NOTE_TO, request.dealId, request.accountId),
      }),
    );
    return { fileId, outcome: 'created' };
  }

  async logDeliveredMessage(message: DeliveredMessageLog): Promise<{ activityId: string; created: boolean }> {
    const key = deliveredMessageKey(message.dealId, message.key);
    const ids = await associatedIds(this.deps.call, 'deals', message.dealId, 'emails');
    const logged = (await readEngagements(this.deps.call, 'emails', ids, ['hs_email_text'])).find((e) =>
      carriesMessageKey(e.properties.hs_email_text, key),
    );
    if (logged) return { activityId: logged.id, created: false };
    const created = await this.deps.call((c) =>
      c.crm.objects.emails.basicApi.create({
        properties: {
          hs_timestamp: message.sentAt,
          hs_email_direction: 'EMAIL',
          hs_email_status: 'SENT',
          hs_email_subject: message.subject,
          hs_email_text: withMessageKey(message.bodyText, key, PROPERTY_VALUE_CHARS),
          hs_email_headers: JSON.stringify({ to: message.to.map((email) => ({ email })), cc: [], bcc: [] }),
        },
        associations: associations(EmailCategory.HubspotDefined, EMAIL_TO, message.dealId, message.accountId),
      }),
    );
    return { activityId: created.id, created: true };
  }

  /** A new PRIVATE file in the folder (made if missing); returns its ID. */
  private async upload(folderPath: string, name: string, pdf: Buffer): Promise<string> {
    const options = JSON.stringify({ access: 'PRIVATE', overwrite: false });
    const made: unknown = await this.deps.call((c) =>
      c.files.filesApi.upload({ data: pdf, name }, undefined, folderPath, name, undefined, options),
    );
    return fileSchema.parse(made).id;
  }

  /** The file's content replaced in place: same ID and path, so the note's attachment stays. */
  private async replace(fileId: string, pdf: Buffer, name: string): Promise<string> {
    const options = JSON.stringify({ access: 'PRIVATE' });
    await this.deps.call((c) => c.files.filesApi.replace(fileId, { data: pdf, name }, undefined, options));
    return fileId;
  }

  /** The file at a path, or undefined (HubSpot answers 404 for a path with nothing at it). */
  private async fileAt(path: string): Promise<{ id: string } | undefined> {
    try {
      return statSchema.parse(await this.deps.call((c) => c.files.filesApi.getMetadata(path))).file;
    } catch (err) {
      if (err instanceof VendorError && err.kind === 'notFound') return undefined;
      throw err;
    }
  }

  /** The deal's note that files this invoice, if one was made. */
  private async filingNote(dealId: string, xeroInvoiceId: string) {
    const ids = await associatedIds(this.deps.call, 'deals', dealId, 'notes');
    const notes = await readEngagements(this.deps.call, 'notes', ids, ['hs_note_body', 'hs_attachment_ids']);
    return notes.find((n) => n.properties.hs_note_body?.includes(`${invoiceMarker(xeroInvoiceId)},`));
  }

  private async associate(type: 'notes', id: string, companyId: string): Promise<void> {
    await this.deps.call((c) =>
      c.crm.associations.v4.basicApi.createDefault(type, id, 'companies', companyId),
    );
  }
}

function noteBody(request: InvoicePdfFiling): string {
  return (
    `<p>Invoice ${escapeHtml(request.invoiceNumber)} as delivered (PDF attached), filed by Ledgerbridge.</p>` +
    `<p>${versionMarker(request.xeroInvoiceId, request.version)}</p>`
  );
}

/** Create-with-associations inputs: the deal, and the company where there is one. */
function associations<Category>(
  associationCategory: Category,
  typeIds: { deals: number; companies: number },
  dealId: string,
  companyId: string | null,
) {
  const to = (id: string, associationTypeId: number) => ({
    to: { id },
    types: [{ associationCategory, associationTypeId }],
  });
  return [to(dealId, typeIds.deals), ...(companyId ? [to(companyId, typeIds.companies)] : [])];
}
