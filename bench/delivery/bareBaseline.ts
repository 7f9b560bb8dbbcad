import { createTransport } from 'nodemailer';
import type { XeroEmulator } from '../../sandbox/xero';
import { invoicePdfView, renderInvoicePdf } from '../../sandbox/xero/invoicePdf';

export interface BareOutcome {
  sent: number;
  seconds: number;
  pdfBytes: number;
}

/** The bare messages' subjects start so: the tally of the stack's messages never counts them. */
export const BARE_SUBJECT = 'Bare baseline: invoice';

/**
 * The same work without Ledgerbridge: each of the organisation's first `count` invoices rendered to
 * its PDF (as the emulator answers Xero's PDF request) and e-mailed with nodemailer over a pool of
 * two connections (the stack's pool size) to the same Mailpit; no store, no Temporal, no pacing.
 */
export async function sendBareBaseline(
  xero: XeroEmulator,
  tenantId: string,
  smtp: { host: string; port: number },
  count: number,
): Promise<BareOutcome> {
  const invoices = xero.store
    .invoicesOf(tenantId)
    .filter((i) => i.type === 'ACCREC')
    .slice(0, count);
  const transport = createTransport({
    pool: true,
    host: smtp.host,
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    maxConnections: 2,
  });
  const started = performance.now();
  let pdfBytes = 0;
  try {
    await Promise.all(
      invoices.map(async (invoice) => {
        const view = invoicePdfView(xero.store, invoice);
        const pdf = await renderInvoicePdf(view, new Date(xero.clock.now()));
        pdfBytes += pdf.length;
        await transport.sendMail({
          from: { address: 'accounts@bench-delivery.example', name: 'Bench Delivery Ltd' },
          to: view.contact.email ?? 'nobody@bench-delivery.example',
          subject: `${BARE_SUBJECT} ${invoice.number} from Bench Delivery Ltd`,
          text: `Invoice ${invoice.number} for ${invoice.currency} ${view.amountDue} is attached.`,
          html: `<p>Invoice <strong>${invoice.number}</strong> for ${invoice.currency} ${view.amountDue} is attached.</p>`,
          attachments: [{ filename: `${invoice.number}.pdf`, content: pdf, contentType: 'application/pdf' }],
        });
      }),
    );
  } finally {
    transport.close();
  }
  return { sent: invoices.length, seconds: (performance.now() - started) / 1000, pdfBytes };
}
