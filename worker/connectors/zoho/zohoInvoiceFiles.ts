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
import type { ZohoAttachment } from './zohoAttachments';
import type { ZohoClient } from './zohoClient';
import { ACCOUNT, DEAL } from './zohoSchema';
import { written } from './zohoWriteOutcomes';

/** Note_Title's and Note_Content's lengths. */
const NOTE_TITLE_CHARS = 120;
const NOTE_CONTENT_CHARS = 32_000;

/** What a filing note says about its invoice: found again by the first, its version by the second. */
const invoiceMarker = (xeroInvoiceId: string) => `Ledgerbridge invoice ${xeroInvoiceId}`;
const versionMarker = (xeroInvoiceId: string, version: string) =>
  `${invoiceMarker(xeroInvoiceId)}, version ${version}.`;

type Parent = { module: string; id: string };

/**
 * Invoice delivery filed in Zoho CRM (issue #24, the port of issue #23). The PDF is an attachment
 * of the deal and of its account, both named `fileName`: Zoho shows a record's own attachments
 * only, so the account gets its copy rather than relying on a roll-up from its deals. A note on
 * the deal says which invoice version the file shows; the same version again reads and writes
 * nothing; a new one uploads the new file to each record, rewrites the note, and only then
 * deletes the older files of that name (so a run cut short leaves the old PDF, never none, and the
 * next run clears the extra copy). A delivered e-mail is a note on the deal and one on the
 * account (a Zoho note has one parent), each found again by the key on its content's last line.
 */
export class ZohoInvoiceFiles implements CrmInvoiceFilesPort {
  constructor(private readonly deps: { client: ZohoClient; now: () => Date }) {}

  async fileInvoicePdf(request: InvoicePdfFiling): Promise<InvoicePdfFiled> {
    const { client } = this.deps;
    const deal: Parent = { module: DEAL.module, id: request.dealId };
    const account: Parent | undefined = request.accountId
      ? { module: ACCOUNT.module, id: request.accountId }
      : undefined;
    const note = (await client.notes.of(deal.module, deal.id)).find((n) =>
      n.content?.includes(`${invoiceMarker(request.xeroInvoiceId)},`),
    );
    const dealFiles = await this.filesNamed(deal, request.fileName);
    const accountFiles = account ? await this.filesNamed(account, request.fileName) : [];
    const [dealFile] = dealFiles;
    const current =
      dealFile !== undefined &&
      note?.content?.includes(versionMarker(request.xeroInvoiceId, request.version)) === true;
    if (current) {
      // Filed already. A run cut short may have left an extra copy, or no account copy yet.
      await this.removeAllBut(deal, dealFiles, dealFile.id);
      if (account) await this.keepOne(account, accountFiles, request);
      return { fileId: dealFile.id, outcome: 'unchanged' };
    }
    const pdf = await request.pdf();
    const fileId = await this.upload(deal, request.fileName, pdf);
    const accountFileId = account ? await this.upload(account, request.fileName, pdf) : undefined;
    await this.writeFilingNote(request, note?.id);
    await this.removeAllBut(deal, dealFiles, fileId);
    if (account && accountFileId) await this.removeAllBut(account, accountFiles, accountFileId);
    return { fileId, outcome: note || dealFile ? 'replaced' : 'created' };
  }

  async logDeliveredMessage(message: DeliveredMessageLog): Promise<{ activityId: string; created: boolean }> {
    const key = deliveredMessageKey(message.dealId, message.key);
    const onDeal = await this.messageNote({ module: DEAL.module, id: message.dealId }, key, message);
    if (message.accountId)
      await this.messageNote({ module: ACCOUNT.module, id: message.accountId }, key, message);
    return onDeal;
  }

  /** The record's note carrying the key, or a new one. */
  private async messageNote(
    parent: Parent,
    key: string,
    message: DeliveredMessageLog,
  ): Promise<{ activityId: string; created: boolean }> {
    const { client } = this.deps;
    const logged = (await client.notes.of(parent.module, parent.id)).find((n) =>
      carriesMessageKey(n.content, key),
    );
    if (logged) return { activityId: logged.id, created: false };
    const text =
      `E-mail sent ${message.sentAt} to ${message.to.join(', ')} (Message-ID ${message.messageId}).\n\n` +
      message.bodyText;
    const made = written(
      await client.createRecords('Notes', [
        {
          Note_Title: `E-mail: ${message.subject}`.slice(0, NOTE_TITLE_CHARS),
          Note_Content: withMessageKey(text, key, NOTE_CONTENT_CHARS),
          ...parentFields(parent),
        },
      ]),
    );
    return { activityId: made.id, created: true };
  }

  private async writeFilingNote(request: InvoicePdfFiling, noteId: string | undefined): Promise<void> {
    const { client } = this.deps;
    const fields = {
      Note_Title: `Invoice ${request.invoiceNumber} (PDF)`.slice(0, NOTE_TITLE_CHARS),
      Note_Content:
        `Invoice ${request.invoiceNumber} as delivered: ${request.fileName} in this deal's attachments ` +
        `and its account's, filed by Ledgerbridge on ${this.deps.now().toISOString().slice(0, 10)}.\n\n` +
        versionMarker(request.xeroInvoiceId, request.version),
    };
    if (noteId) written(await client.updateRecords('Notes', [{ id: noteId, ...fields }]));
    else
      written(
        await client.createRecords('Notes', [
          { ...fields, ...parentFields({ module: DEAL.module, id: request.dealId }) },
        ]),
      );
  }

  /** The account's copy of a version already filed: uploaded if missing, extras removed. */
  private async keepOne(account: Parent, files: ZohoAttachment[], request: InvoicePdfFiling): Promise<void> {
    const [kept] = files;
    if (kept) return this.removeAllBut(account, files, kept.id);
    await this.upload(account, request.fileName, await request.pdf());
  }

  /** The record's attachments of this name, newest first. */
  private async filesNamed(parent: Parent, fileName: string): Promise<ZohoAttachment[]> {
    return (await this.deps.client.attachments.list(parent.module, parent.id)).filter(
      (a) => a.fileName === fileName,
    );
  }

  private upload(parent: Parent, fileName: string, pdf: Buffer): Promise<string> {
    return this.deps.client.attachments.upload(parent.module, parent.id, {
      name: fileName,
      bytes: pdf,
      contentType: 'application/pdf',
    });
  }

  private async removeAllBut(parent: Parent, files: ZohoAttachment[], keepId: string): Promise<void> {
    for (const file of files)
      if (file.id !== keepId) await this.deps.client.attachments.remove(parent.module, parent.id, file.id);
  }
}

/** A note's parent as v8 takes it: Parent_Id with its module (and `$se_module`, as earlier versions). */
function parentFields(parent: Parent): Record<string, unknown> {
  return { Parent_Id: { id: parent.id, module: { api_name: parent.module } }, $se_module: parent.module };
}
