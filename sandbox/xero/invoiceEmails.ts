import type { InvoiceRecord } from './model';
import type { XeroState } from './state';
import { isoSeconds, msDate } from './wire';

/**
 * Xero's "Email invoice" (POST /Invoices/{id}/Email): Xero sends the organisation's default invoice
 * e-mail template to the contact's e-mail address. Only sales invoices (ACCREC) that are SUBMITTED,
 * AUTHORISED or PAID can be sent, and the contact needs an e-mail address; the invoice is then marked
 * sent (SentToContact) and its history gets a note.
 * https://developer.xero.com/documentation/api/accounting/invoices#emailing-an-invoice
 *
 * Nothing leaves the machine: each e-mail Xero would have sent is recorded here, for tests and the
 * bench to count. Contact persons with IncludeInEmails are not modelled (the emulator's contacts
 * have one address).
 */
export interface SentInvoiceEmail {
  tenantId: string;
  invoiceId: string;
  invoiceNumber: string;
  to: string[];
  /** ISO-8601 UTC, from the emulator's clock. */
  at: string;
}

export interface HistoryNote {
  Changes: string;
  DateUTCString: string;
  DateUTC: string;
  User: string;
  Details: string;
}

export const SENDABLE_STATUSES: readonly string[] = ['SUBMITTED', 'AUTHORISED', 'PAID'];

export class XeroInvoiceEmails {
  private readonly sentEmails: SentInvoiceEmail[] = [];
  private readonly history = new Map<string, HistoryNote[]>();

  constructor(private readonly now: () => number) {}

  /** Why Xero refuses to e-mail this invoice, or undefined when it can. */
  refusal(state: XeroState, invoice: InvoiceRecord): string | undefined {
    if (invoice.type !== 'ACCREC' || !SENDABLE_STATUSES.includes(invoice.status))
      return 'Only sales invoices (ACCREC) with Status SUBMITTED, AUTHORISED or PAID can be emailed';
    if (!state.contacts.get(invoice.contactId)?.email)
      return 'The contact on this invoice has no email address';
    return undefined;
  }

  /** "Sends" the e-mail: records it, marks the invoice sent and notes it in the invoice's history. */
  send(state: XeroState, invoice: InvoiceRecord): SentInvoiceEmail {
    const email = state.contacts.get(invoice.contactId)?.email;
    if (!email) throw new Error(`invoice ${invoice.id} has no contact e-mail address`);
    const at = this.now();
    const sent: SentInvoiceEmail = {
      tenantId: invoice.tenantId,
      invoiceId: invoice.id,
      invoiceNumber: invoice.number,
      to: [email],
      at: new Date(at).toISOString(),
    };
    this.sentEmails.push(sent);
    this.note(invoice.id, {
      Changes: 'Sent',
      DateUTCString: isoSeconds(at),
      DateUTC: msDate(at),
      User: 'System Generated',
      Details: `This invoice has been emailed to ${email} through the Xero API.`,
    });
    // Marking it sent changes the invoice: UpdatedDateUTC moves and an INVOICE UPDATE event goes out.
    if (!state.sentToContact.has(invoice.id)) {
      state.sentToContact.add(invoice.id);
      state.putInvoice({ ...invoice, updatedAt: state.stamp() });
    }
    return sent;
  }

  historyOf(invoiceId: string): readonly HistoryNote[] {
    return this.history.get(invoiceId) ?? [];
  }

  /** The e-mails sent so far, oldest first (optionally those of one invoice). */
  sent(filter: { invoiceId?: string; tenantId?: string } = {}): SentInvoiceEmail[] {
    return this.sentEmails.filter(
      (e) =>
        (!filter.invoiceId || e.invoiceId === filter.invoiceId) &&
        (!filter.tenantId || e.tenantId === filter.tenantId),
    );
  }

  clear(): void {
    this.sentEmails.length = 0;
    this.history.clear();
  }

  private note(invoiceId: string, note: HistoryNote): void {
    const notes = this.history.get(invoiceId);
    if (notes) notes.push(note);
    else this.history.set(invoiceId, [note]);
  }
}
