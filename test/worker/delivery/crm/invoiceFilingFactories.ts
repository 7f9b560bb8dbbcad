import { randomUUID } from 'node:crypto';
import type { DeliveredMessageLog, InvoicePdfFiling } from '../../../../worker/delivery/crmInvoiceFilesPort';

/** A small PDF-looking payload that says which version it is, so a replaced file's bytes can be told apart. */
export const pdfOf = (label: string): Buffer => Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`, 'latin1');

export function filingFor(
  place: { dealId: string; accountId: string | null },
  overrides: Partial<InvoicePdfFiling> = {},
): InvoicePdfFiling {
  return {
    ...place,
    xeroInvoiceId: randomUUID(),
    invoiceNumber: 'INV-0042',
    version: '2026-11-02T10:00:00Z',
    fileName: 'INV-0042.pdf',
    pdf: () => Promise.resolve(pdfOf('version 1')),
    ...overrides,
  };
}

export function messageFor(
  place: { dealId: string; accountId: string | null },
  overrides: Partial<DeliveredMessageLog> = {},
): DeliveredMessageLog {
  const invoice = randomUUID();
  return {
    ...place,
    key: `delivery:${invoice}:2026-11-02T10:00:00Z`,
    subject: 'Invoice INV-0042 from Acme Audit',
    bodyText: 'Hello,\n\nyour invoice INV-0042 for 500.00 USD is attached. It is due on 1 December 2026.\n',
    to: ['ap@customer.example'],
    sentAt: '2026-11-03T09:15:00.000Z',
    messageId: `<${invoice}@ledgerbridge.example>`,
    ...overrides,
  };
}
