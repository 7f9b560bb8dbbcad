import type { XeroApi } from './xeroApi';

/** Clocks differ between our store and Xero: look a little further back than the intent's start. */
const CLOCK_MARGIN_MS = 60 * 60_000;
const GONE = new Set(['VOIDED', 'DELETED']);

/**
 * The sales invoice whose Reference carries this tag (an invoice intent's, see
 * workflows/domain/invoiceIntent.ts), changed since `since`: how an invoice made for an intent whose
 * link was never recorded is found again, long after Xero forgot its Idempotency-Key.
 * GET /Invoices with `where` (https://developer.xero.com/documentation/api/accounting/invoices) and
 * If-Modified-Since to keep the search to invoices made or changed after the intent began.
 * Several (which only a fault before intents could make) answer the live one first, then the oldest.
 */
export async function findTaggedInvoice(api: XeroApi, tag: string, since: Date): Promise<string | undefined> {
  const where = `Type=="ACCREC" AND Reference.Contains("${tag.replace(/["\\]/g, '')}")`;
  const res = await api.call((accounting, tenant) =>
    accounting.getInvoices(tenant, new Date(since.getTime() - CLOCK_MARGIN_MS), where),
  );
  const found = (res.body.invoices ?? []).flatMap((invoice, index) =>
    invoice.invoiceID && invoice.reference?.includes(tag)
      ? [{ id: invoice.invoiceID, rank: GONE.has(String(invoice.status)) ? 1 : 0, index }]
      : [],
  );
  found.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return found[0]?.id;
}
