import PDFDocument from 'pdfkit';
import type { InvoiceRecord } from './model';
import { amountDue } from './serialize';
import type { XeroState } from './state';

/**
 * The invoice as Xero's "Download PDF" gives it (GET /Invoices/{id} with Accept: application/pdf):
 * the organisation, the contact, number, reference, dates, every line with quantity, unit amount and
 * tax, then the totals and the amount due in the invoice's currency. The layout is the emulator's
 * own (Xero's depends on the organisation's branding theme); the content is what matters to callers.
 */
export interface InvoicePdfView {
  title: string;
  organisation: string;
  contact: { name: string; email: string | undefined };
  number: string;
  reference: string | undefined;
  date: string;
  dueDate: string | undefined;
  status: string;
  currency: string;
  lines: Array<{ description: string; quantity: number; unitAmount: number; tax: string; amount: number }>;
  subTotal: number;
  totalTax: number;
  total: number;
  paid: number;
  amountDue: number;
}

export function invoicePdfView(state: XeroState, invoice: InvoiceRecord): InvoicePdfView {
  const contact = state.contacts.get(invoice.contactId);
  return {
    title: invoice.type === 'ACCREC' ? 'INVOICE' : 'BILL',
    organisation: state.tenant(invoice.tenantId)?.name ?? '',
    contact: { name: contact?.name ?? '', email: contact?.email },
    number: invoice.number,
    reference: invoice.reference,
    date: invoice.date,
    dueDate: invoice.dueDate,
    status: invoice.status,
    currency: invoice.currency,
    lines: invoice.lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitAmount: l.unitAmount,
      tax: l.taxType ? `${l.taxType} ${money(l.taxAmount)}` : money(l.taxAmount),
      amount: l.lineAmount,
    })),
    subTotal: invoice.subTotal,
    totalTax: invoice.totalTax,
    total: invoice.total,
    paid: invoice.amountPaid + invoice.amountCredited,
    amountDue: amountDue(invoice),
  };
}

const MARGIN = 50;
const COLUMNS = [
  { key: 'description', x: 50, width: 200, align: 'left' },
  { key: 'quantity', x: 255, width: 60, align: 'right' },
  { key: 'unitAmount', x: 320, width: 75, align: 'right' },
  { key: 'tax', x: 400, width: 75, align: 'right' },
  { key: 'amount', x: 480, width: 65, align: 'right' },
] as const;

/** Renders the view; `createdAt` (the emulator clock's time) dates the document, not the machine's clock. */
export function renderInvoicePdf(view: InvoicePdfView, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${view.title} ${view.number}`, Author: view.organisation, CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(20).text(view.title, MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10);
  doc.text(view.organisation, 300, MARGIN, { width: 245, align: 'right' });
  let y = MARGIN + 40;
  const field = (label: string, value: string) => {
    doc.font('Helvetica-Bold').text(label, 300, y, { width: 110 });
    doc.font('Helvetica').text(value, 410, y, { width: 135, align: 'right' });
    y += 15;
  };
  doc.text(view.contact.name, MARGIN, y, { width: 230 });
  if (view.contact.email) doc.text(view.contact.email, MARGIN, y + 15, { width: 230 });
  field('Invoice Number', view.number);
  if (view.reference) field('Reference', view.reference);
  field('Invoice Date', view.date);
  if (view.dueDate) field('Due Date', view.dueDate);
  field('Currency', view.currency);
  if (view.status === 'DRAFT') field('Status', 'DRAFT');

  y += 20;
  const row = (cells: Record<(typeof COLUMNS)[number]['key'], string>, bold = false) => {
    if (y > doc.page.height - MARGIN - 120) {
      doc.addPage();
      y = MARGIN;
    }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    const heights = COLUMNS.map((c) => {
      doc.text(cells[c.key], c.x, y, { width: c.width, align: c.align });
      return doc.heightOfString(cells[c.key], { width: c.width });
    });
    y += Math.max(...heights) + 6;
  };
  row(
    {
      description: 'Description',
      quantity: 'Quantity',
      unitAmount: 'Unit Price',
      tax: 'Tax',
      amount: `Amount ${view.currency}`,
    },
    true,
  );
  for (const line of view.lines)
    row({
      description: line.description,
      quantity: String(line.quantity),
      unitAmount: money(line.unitAmount),
      tax: line.tax,
      amount: money(line.amount),
    });

  y += 10;
  const total = (label: string, value: number, bold = false) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    doc.text(label, 320, y, { width: 150, align: 'right' });
    doc.text(money(value), 480, y, { width: 65, align: 'right' });
    y += 15;
  };
  total('Subtotal', view.subTotal);
  total('Total Tax', view.totalTax);
  total(`Total ${view.currency}`, view.total, true);
  if (view.paid > 0) total('Less Amount Paid', view.paid);
  total(`Amount Due ${view.currency}`, view.amountDue, true);
  doc.end();
  return done;
}

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function money(n: number): string {
  return MONEY.format(n);
}
