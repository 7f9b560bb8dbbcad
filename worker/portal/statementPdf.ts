import PDFDocument from 'pdfkit';
import { money, type PortalView } from './portalView';

const MARGIN = 50;
const COLUMNS = [
  { x: 50, width: 110, align: 'left' },
  { x: 165, width: 80, align: 'left' },
  { x: 250, width: 80, align: 'left' },
  { x: 335, width: 100, align: 'right' },
  { x: 440, width: 105, align: 'right' },
] as const;

/**
 * The customer's statement as a PDF: its open items (number, date, due date, total, amount due,
 * overdue marked), its payments, and per currency what is outstanding, overdue and paid. Dated by
 * the view's day, not the machine's clock.
 */
export function renderStatementPdf(view: PortalView): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Statement for ${view.customerName}`,
      Author: view.from,
      CreationDate: new Date(view.today),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(20).text('STATEMENT', MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10).text(view.from, 300, MARGIN, { width: 245, align: 'right' });
  doc.text(view.customerName, MARGIN, MARGIN + 35);
  doc.text(`Statement date ${view.today}`, 300, MARGIN + 35, { width: 245, align: 'right' });
  let y = MARGIN + 70;

  const row = (cells: string[], bold = false) => {
    if (y > doc.page.height - MARGIN - 40) {
      doc.addPage();
      y = MARGIN;
    }
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    const heights = COLUMNS.map((c, i) => {
      const text = cells[i] ?? '';
      doc.text(text, c.x, y, { width: c.width, align: c.align });
      return doc.heightOfString(text, { width: c.width });
    });
    y += Math.max(...heights) + 5;
  };
  const heading = (text: string) => {
    y += 10;
    doc.font('Helvetica-Bold').fontSize(13).text(text, MARGIN, y);
    doc.fontSize(10);
    y += 22;
  };

  heading('Open invoices');
  row(['Invoice', 'Date', 'Due', 'Total', 'Amount due'], true);
  if (view.openInvoices.length === 0) row(['None']);
  for (const i of view.openInvoices)
    row([
      i.number,
      i.date,
      `${i.dueDate ?? ''}${i.overdue ? ' (overdue)' : ''}`,
      `${i.currency} ${money(i.total)}`,
      `${i.currency} ${money(i.amountDue)}`,
    ]);

  heading('Payments received');
  row(['Invoice', 'Date', 'Reference', '', 'Amount'], true);
  if (view.payments.length === 0) row(['None']);
  for (const p of view.payments)
    row([p.invoiceNumber, p.date, p.reference ?? '', '', `${p.currency} ${money(p.amount)}`]);

  heading('Totals');
  for (const t of view.totals) {
    row(['', '', '', 'Outstanding', `${t.currency} ${money(t.outstanding)}`], true);
    row(['', '', '', 'Overdue', `${t.currency} ${money(t.overdue)}`]);
    row(['', '', '', 'Paid', `${t.currency} ${money(t.paid)}`]);
  }
  doc.end();
  return done;
}
