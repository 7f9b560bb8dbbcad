/**
 * What Ledgerbridge files in a CRM about invoice delivery (issue #23), implemented by each CRM
 * adapter over its SDK (Salesforce: ContentVersion linked to the opportunity and its account, Task
 * or EmailMessage; HubSpot: Files API plus a note on the deal and company, e-mail engagement).
 * Every call repeats harmlessly: a file is kept once per invoice and replaced only when the
 * invoice's version changes; a message is logged once per key.
 */
export interface CrmInvoiceFilesPort {
  /**
   * The invoice's PDF on its opportunity/deal, visible from the account/company. The same
   * `version` again changes nothing; a new version replaces the file (Salesforce: a new
   * ContentVersion of the same ContentDocument; HubSpot: the file's content replaced, the note updated).
   */
  fileInvoicePdf(request: InvoicePdfFiling): Promise<InvoicePdfFiled>;
  /** One delivered e-mail (the invoice, or a reminder) logged on the deal and account, once per `key`. */
  logDeliveredMessage(request: DeliveredMessageLog): Promise<{ activityId: string; created: boolean }>;
}

export interface InvoicePdfFiling {
  /** The opportunity/deal holding the invoice (CrmPaymentsPort.dealForXeroInvoice finds it). */
  dealId: string;
  /** Its account/company, where it has one. */
  accountId: string | null;
  xeroInvoiceId: string;
  invoiceNumber: string;
  /** The invoice's version as Ledgerbridge counts it (e.g. Xero's UpdatedDateUTC, ISO-8601). */
  version: string;
  /** e.g. `INV-0042.pdf`. */
  fileName: string;
  /** The PDF, read from Xero only when this version must be written (an unchanged filing reads nothing). */
  pdf: () => Promise<Buffer>;
}

export interface InvoicePdfFiled {
  /** Salesforce ContentDocument ID / HubSpot file ID. */
  fileId: string;
  /** `created`: first filing; `replaced`: a new version; `unchanged`: this version was filed already. */
  outcome: 'created' | 'replaced' | 'unchanged';
}

export interface DeliveredMessageLog {
  dealId: string;
  accountId: string | null;
  /** Stable per message, e.g. `delivery:<invoice id>:<version>` or `reminder:<invoice id>:7`. */
  key: string;
  subject: string;
  /** The message's text part (no HTML), as sent. */
  bodyText: string;
  to: string[];
  /** ISO-8601. */
  sentAt: string;
  /** The RFC 5322 Message-ID the message was sent with. */
  messageId: string;
}
