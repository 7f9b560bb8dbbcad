import { createHash } from 'node:crypto';
import type { CanonicalInvoice } from '../../workflows/domain/canonical';

/**
 * The version of an invoice's billable content: what the customer is asked to pay and why (number,
 * contact, currency, dates, reference, lines, totals). One e-mail and one CRM file per version.
 * Payments, credits and status leave it alone, so paying an invoice never sends it again, while an
 * amendment (a changed line, date or total) does.
 */
export function invoiceVersion(invoice: CanonicalInvoice): string {
  const content = {
    number: invoice.number,
    contactId: invoice.contactId,
    currency: invoice.currency,
    date: invoice.date,
    dueDate: invoice.dueDate ?? null,
    reference: invoice.reference ?? null,
    lines: invoice.lines.map((l) => [
      l.description,
      l.quantity,
      l.unitAmount,
      l.lineAmount,
      l.taxAmount,
      l.accountCode ?? null,
      l.itemCode ?? null,
      l.taxType ?? null,
    ]),
    totals: [invoice.subTotal, invoice.totalTax, invoice.total],
  };
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
