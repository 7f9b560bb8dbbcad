import { send } from '../core/http';
import type { SandboxContext, SandboxHandler } from '../core/server';
import { notFound, validationException } from './errors';
import { IdempotencyCache } from './idempotency';
import { renderInvoicePdf, invoicePdfView } from './invoicePdf';
import type { XeroInvoiceEmails } from './invoiceEmails';
import { findInvoiceForUpdate } from './invoiceWrites';
import type { InvoiceRecord } from './model';
import { api, API, type RouteDeps } from './routes';
import { envelope } from './serialize';

type On = (method: 'GET' | 'POST', path: string, handler: SandboxHandler) => void;

/**
 * Delivering an invoice through Xero: e-mail it to the contact (POST /Invoices/{id}/Email) and read
 * its history (GET /Invoices/{id}/History). The PDF is the invoice read itself with
 * `Accept: application/pdf` (see `wantsPdf` / `sendInvoicePdf`, called by the invoice read route).
 */
export function invoiceDeliveryRoutes(on: On, deps: RouteDeps, emails: XeroInvoiceEmails): void {
  const { state } = deps;
  const invoiceOf = (ctx: SandboxContext, tenantId: string): InvoiceRecord => {
    const invoice = findInvoiceForUpdate(state, tenantId, {}, ctx.params.id);
    if (!invoice) throw notFound();
    return invoice;
  };

  // https://developer.xero.com/documentation/api/accounting/invoices#emailing-an-invoice
  on(
    'POST',
    `${API}/Invoices/:id/Email`,
    api(deps, (ctx, tenantId) => {
      const invoice = invoiceOf(ctx, tenantId);
      const refusal = emails.refusal(state, invoice);
      if (refusal)
        throw validationException([{ InvoiceID: invoice.id, ValidationErrors: [{ Message: refusal }] }]);
      emails.send(state, invoice);
      rememberNoContent(deps, ctx, tenantId);
      send(ctx.res, 204, undefined);
    }),
  );

  // https://developer.xero.com/documentation/api/accounting/historyandnotes
  on(
    'GET',
    `${API}/Invoices/:id/History`,
    api(deps, (ctx, tenantId) => {
      const invoice = invoiceOf(ctx, tenantId);
      send(ctx.res, 200, envelope(deps.now(), 'HistoryRecords', [...emails.historyOf(invoice.id)]));
    }),
  );
}

/** xero-node's getInvoiceAsPdf reads GET /Invoices/{id} with `Accept: application/pdf`. */
export function wantsPdf(ctx: SandboxContext): boolean {
  return String(ctx.req.headers.accept ?? '')
    .toLowerCase()
    .includes('application/pdf');
}

export async function sendInvoicePdf(
  ctx: SandboxContext,
  deps: RouteDeps,
  invoice: InvoiceRecord,
): Promise<void> {
  const pdf = await renderInvoicePdf(invoicePdfView(deps.state, invoice), new Date(deps.now()));
  ctx.res.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': pdf.length,
    'content-disposition': `inline; filename="${invoice.number || invoice.id}.pdf"`,
  });
  ctx.res.end(pdf);
}

/**
 * The Idempotency-Key replay in `api` captures JSON answers; a 204 has no body, so the e-mail's
 * success is remembered here, or a retry under the same key would send the e-mail again.
 */
function rememberNoContent(deps: RouteDeps, ctx: SandboxContext, tenantId: string): void {
  const header = ctx.req.headers['idempotency-key'];
  const key = Array.isArray(header) ? header[0] : header;
  if (!key) return;
  const fingerprint = IdempotencyCache.fingerprint(ctx.req.method ?? 'POST', ctx.url.pathname, ctx.rawBody);
  deps.idempotency.put(tenantId, key, fingerprint, 204, undefined);
}
