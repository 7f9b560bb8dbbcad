import { z } from 'zod';
import { VendorError } from '../errors';
import type { XeroApi } from './xeroApi';

/**
 * Delivery through Xero itself, on one connection: the invoice's PDF as Xero renders it, and Xero
 * e-mailing the invoice to its contact. Both go through XeroApi.call, so they are paced under the
 * tenant's limits, refreshed on a 401, wait out Retry-After on a 429 and fail classified: Xero's 400
 * (a draft, a bill, a contact without an e-mail address) is a VendorValidationError, which retrying
 * cannot fix.
 */

const pdfSchema = z
  .instanceof(Buffer)
  .refine((bytes) => bytes.subarray(0, 5).toString('latin1') === '%PDF-', 'not a PDF document');

/**
 * The invoice as a PDF (GET /Invoices/{id} with Accept: application/pdf).
 * https://developer.xero.com/documentation/api/accounting/invoices#retrieving-the-pdf-of-an-invoice
 */
export async function invoicePdf(api: XeroApi, invoiceId: string): Promise<Buffer> {
  const res = await api.call((accounting, tenant) =>
    accounting.getInvoiceAsPdf(tenant, invoiceId).catch((err: unknown) => {
      throw withDecodedBody(err);
    }),
  );
  const parsed = pdfSchema.safeParse(res.body);
  if (!parsed.success)
    throw new VendorError('retryable', 'xero', `invoice ${invoiceId}: the PDF answer is not a PDF document`);
  return parsed.data;
}

/**
 * Xero e-mails the invoice to its contact (POST /Invoices/{id}/Email, 204). The Idempotency-Key makes
 * a retry after a lost answer return the first result instead of sending a second e-mail.
 * https://developer.xero.com/documentation/api/accounting/invoices#emailing-an-invoice
 */
export async function emailInvoiceFromXero(
  api: XeroApi,
  invoiceId: string,
  idempotencyKey: string,
): Promise<void> {
  await api.call((accounting, tenant) => accounting.emailInvoice(tenant, invoiceId, {}, idempotencyKey));
}

const binaryFailureSchema = z.object({
  response: z
    .object({ body: z.object({ type: z.literal('Buffer'), data: z.array(z.number().int()) }) })
    .loose(),
});

/**
 * A failed PDF request is read as bytes too, so xero-node's rejection carries the error body as a
 * serialized Buffer; decoding it back to Xero's JSON lets classifyXeroError quote Xero's message.
 */
function withDecodedBody(err: unknown): unknown {
  if (typeof err !== 'string') return err;
  let parsed: unknown;
  try {
    parsed = JSON.parse(err);
  } catch {
    return err;
  }
  const failure = binaryFailureSchema.safeParse(parsed);
  if (!failure.success) return err;
  const text = Buffer.from(failure.data.response.body.data).toString('utf8');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return JSON.stringify({ ...(parsed as object), response: { ...failure.data.response, body }, body });
}
