import type { Connection as JsforceConnection } from 'jsforce';
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
import { soqlString } from './soql';

/** Task.Description's length. */
const TASK_DESCRIPTION_CHARS = 32_000;

const versionRow = z.object({
  Id: z.string(),
  ContentDocumentId: z.string(),
  IsLatest: z.boolean(),
  Ledgerbridge_Invoice_Version__c: z.string().nullable(),
});
const linkRow = z.object({ LinkedEntityId: z.string() });
const taskRow = z.object({ Id: z.string(), Description: z.string().nullable() });

/** Salesforce IDs compared by their case-sensitive 15-character form (the API answers 18). */
const sameId = (a: string, b: string) => a.slice(0, 15) === b.slice(0, 15);

/**
 * Invoice delivery filed in Salesforce through jsforce (issue #23). The PDF is a File: its first
 * ContentVersion is published to the opportunity (FirstPublishLocationId) and the ContentDocument
 * linked to the account (ShareType V, visible to all users); a new version of the invoice is a new
 * ContentVersion of the same ContentDocument, Salesforce's way to replace a file, so the history
 * stays. Each version carries the Xero invoice ID and the invoice's version
 * (Ledgerbridge_Xero_Invoice_Id__c, Ledgerbridge_Invoice_Version__c): the same version again
 * writes nothing but any missing link. A delivered e-mail is a completed Task of subtype Email on
 * the opportunity (shown as a sent e-mail, and rolled up to the account's activity), found again
 * by the key on its description's last line. A Task, not an EmailMessage: EmailMessage needs
 * Enhanced Email on in the org and access the package cannot grant, where Tasks need only the
 * EditTask the integration user already has.
 */
export class SalesforceInvoiceFiles implements CrmInvoiceFilesPort {
  constructor(
    private readonly deps: { call: <T>(fn: (conn: JsforceConnection) => Promise<T>) => Promise<T> },
  ) {}

  async fileInvoicePdf(request: InvoicePdfFiling): Promise<InvoicePdfFiled> {
    const versions = (
      await this.query(
        'SELECT Id, ContentDocumentId, IsLatest, Ledgerbridge_Invoice_Version__c FROM ContentVersion ' +
          `WHERE Ledgerbridge_Xero_Invoice_Id__c = ${soqlString(request.xeroInvoiceId)} ORDER BY CreatedDate ASC`,
      )
    ).map((row) => versionRow.parse(row));
    const filed = versions.find((v) => v.Ledgerbridge_Invoice_Version__c === request.version);
    // Two racing first filings may have made two documents: the oldest is the invoice's file.
    const documentId = filed?.ContentDocumentId ?? versions[0]?.ContentDocumentId;
    const filing: InvoicePdfFiled = filed
      ? { fileId: filed.ContentDocumentId, outcome: 'unchanged' }
      : documentId
        ? { fileId: await this.addVersion(request, documentId), outcome: 'replaced' }
        : { fileId: await this.firstVersion(request), outcome: 'created' };
    // Every call makes sure of the links, so a run cut short after the insert is mended by the next.
    await this.ensureLinks(filing.fileId, [
      request.dealId,
      ...(request.accountId ? [request.accountId] : []),
    ]);
    return filing;
  }

  async logDeliveredMessage(message: DeliveredMessageLog): Promise<{ activityId: string; created: boolean }> {
    const key = deliveredMessageKey(message.dealId, message.key);
    const logged = (
      await this.query(
        `SELECT Id, Description FROM Task WHERE WhatId = ${soqlString(message.dealId)} AND TaskSubtype = 'Email'`,
      )
    )
      .map((row) => taskRow.parse(row))
      .find((t) => carriesMessageKey(t.Description, key));
    if (logged) return { activityId: logged.Id, created: false };
    const result = await this.deps.call((conn) =>
      conn.sobject('Task').create({
        WhatId: message.dealId,
        Subject: message.subject.slice(0, 255),
        Description: withMessageKey(message.bodyText, key, TASK_DESCRIPTION_CHARS),
        ActivityDate: message.sentAt.slice(0, 10),
        Status: 'Completed',
        Priority: 'Normal',
        TaskSubtype: 'Email',
      }),
    );
    return { activityId: this.createdId('Task', result), created: true };
  }

  /** The invoice's first file, published to the opportunity: returns its new ContentDocument's ID. */
  private async firstVersion(request: InvoicePdfFiling): Promise<string> {
    const versionId = await this.insertVersion(request, { FirstPublishLocationId: request.dealId });
    const [made] = await this.query(
      `SELECT ContentDocumentId FROM ContentVersion WHERE Id = ${soqlString(versionId)}`,
    );
    return z.object({ ContentDocumentId: z.string() }).parse(made).ContentDocumentId;
  }

  /** A new version of the document (Salesforce's way to replace a file); returns the document's ID. */
  private async addVersion(request: InvoicePdfFiling, documentId: string): Promise<string> {
    await this.insertVersion(request, { ContentDocumentId: documentId });
    return documentId;
  }

  private async insertVersion(request: InvoicePdfFiling, place: Record<string, string>): Promise<string> {
    const pdf = await request.pdf();
    const result = await this.deps.call((conn) =>
      conn.sobject('ContentVersion').create({
        ...place,
        Title: request.fileName.replace(/\.pdf$/i, '').slice(0, 255),
        PathOnClient: request.fileName,
        VersionData: pdf.toString('base64'),
        Description: `Invoice ${request.invoiceNumber} from Xero, filed by Ledgerbridge`.slice(0, 1000),
        ...(place.ContentDocumentId ? { ReasonForChange: 'The invoice changed in Xero' } : {}),
        Ledgerbridge_Xero_Invoice_Id__c: request.xeroInvoiceId,
        Ledgerbridge_Invoice_Version__c: request.version.slice(0, 255),
      }),
    );
    return this.createdId('ContentVersion', result);
  }

  /** Links the document to each record it is not linked to yet, viewable by all who see the record. */
  private async ensureLinks(documentId: string, recordIds: string[]): Promise<void> {
    const linked = (
      await this.query(
        `SELECT LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = ${soqlString(documentId)}`,
      )
    ).map((row) => linkRow.parse(row).LinkedEntityId);
    for (const recordId of recordIds) {
      if (linked.some((id) => sameId(id, recordId))) continue;
      try {
        await this.deps.call((conn) =>
          conn.sobject('ContentDocumentLink').create({
            ContentDocumentId: documentId,
            LinkedEntityId: recordId,
            ShareType: 'V',
            Visibility: 'AllUsers',
          }),
        );
      } catch (err) {
        // Linked by a racing call in the meantime: the link is what was wanted.
        if (!(err instanceof VendorError && err.details.vendorCode === 'DUPLICATE_VALUE')) throw err;
      }
    }
  }

  private createdId(sobject: string, result: { success: boolean; id?: string }): string {
    if (!result.success || typeof result.id !== 'string')
      throw new VendorError(
        'validation',
        'salesforce',
        `create ${sobject} failed: ${JSON.stringify(result)}`,
      );
    return result.id;
  }

  private query(soql: string): Promise<Array<Record<string, unknown>>> {
    return this.deps.call((conn) => conn.query<Record<string, unknown>>(soql).then((r) => r.records));
  }
}
