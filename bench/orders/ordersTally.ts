import type { PostResult } from './orderPoster';
import type { XeroInvoiceView } from './ordersSandbox';
import type { StoredOrderRow } from './ordersStore';

export interface OrdersTally {
  /** Valid orders posted (each once, however often re-posted). */
  orders: number;
  cardInvoiced: number;
  billed: number;
  /** Valid orders posted but neither in Xero (invoiced and paid, or on a month-end invoice) nor rejected with a reason. */
  lost: number;
  lostExamples: string[];
  /** Extra Xero invoices for one card order, plus orders on more than one month-end invoice. */
  duplicates: number;
  duplicateExamples: string[];
  malformedRefused: number;
  rejectedByWorkflow: number;
  /** Of those, orders that should not have been rejected (only unticked customers' should). */
  unexpectedRejections: number;
  monthEndInvoices: number;
  monthEndMismatches: number;
  mismatchExamples: string[];
  /** Posts whose final answer was not the one expected (400 malformed, 202 new, 200/202 repeat). */
  unexpectedAnswers: Record<string, number>;
}

const LIVE = (i: XeroInvoiceView) => i.status !== 'DELETED' && i.status !== 'VOIDED';

/** The run's count, from Xero (the emulator's organisation) and the store, after the month end. */
export function tallyOrders(input: {
  results: PostResult[];
  stored: StoredOrderRow[];
  invoices: XeroInvoiceView[];
  period: string;
}): OrdersTally {
  const { results, period } = input;
  const stored = new Map(input.stored.map((o) => [o.orderId, o]));
  const invoices = input.invoices.filter(LIVE);
  const cardInvoices = new Map<string, XeroInvoiceView[]>();
  for (const i of invoices) {
    const id = /^Order (\S+)$/.exec(i.reference)?.[1];
    if (id) cardInvoices.set(id, [...(cardInvoices.get(id) ?? []), i]);
  }
  const monthEnd = invoices.filter((i) => i.reference === `Orders ${period}`);
  const onMonthEnd = new Map<string, number>();
  for (const i of monthEnd)
    for (const id of i.lineOrderIds) onMonthEnd.set(id, (onMonthEnd.get(id) ?? 0) + 1);

  const unexpectedAnswers: Record<string, number> = {};
  const unexpected = (what: string) => (unexpectedAnswers[what] = (unexpectedAnswers[what] ?? 0) + 1);
  const valid = new Map<string, PostResult['post']>();
  let malformedRefused = 0;
  for (const r of results) {
    if (r.post.kind === 'malformed') {
      if (r.status === 400) malformedRefused++;
      else unexpected(`malformed answered ${r.status}`);
    } else if (r.post.kind === 'duplicate') {
      if (r.status !== 200 && r.status !== 202) unexpected(`repeat answered ${r.status}`);
    } else {
      valid.set(r.post.orderId, r.post);
      if (r.status !== 202 && r.status !== 200) unexpected(`order answered ${r.status}`);
    }
  }

  const lostExamples: string[] = [];
  let lost = 0;
  let cardInvoiced = 0;
  let billed = 0;
  let rejectedByWorkflow = 0;
  let unexpectedRejections = 0;
  for (const [orderId, post] of valid) {
    const row = stored.get(orderId);
    const made = cardInvoices.get(orderId) ?? [];
    const delivered =
      row?.state === 'invoiced'
        ? made.some((i) => i.status === 'PAID' && i.amountPaidCents === post.totalCents)
        : row?.state === 'billed' && (onMonthEnd.get(orderId) ?? 0) > 0;
    if (delivered) {
      if (row?.state === 'invoiced') cardInvoiced++;
      else billed++;
    } else if (row?.state === 'rejected' && row.reason) {
      rejectedByWorkflow++;
      if (post.kind !== 'account-unticked') unexpectedRejections++;
    } else {
      lost++;
      if (lostExamples.length < 5) lostExamples.push(`${orderId} (${row?.state ?? 'not stored'})`);
    }
  }

  const duplicateExamples: string[] = [];
  let duplicates = 0;
  const doubled = (id: string, times: number, where: string) => {
    duplicates += times - 1;
    if (duplicateExamples.length < 5) duplicateExamples.push(`${id} ×${times} ${where}`);
  };
  for (const [id, list] of cardInvoices) if (list.length > 1) doubled(id, list.length, 'card invoices');
  for (const [id, times] of onMonthEnd) if (times > 1) doubled(id, times, 'month-end invoices');

  const mismatchExamples: string[] = [];
  let monthEndMismatches = 0;
  for (const invoice of monthEnd) {
    const expected = input.stored
      .filter(
        (o) =>
          o.state === 'billed' &&
          o.billingPeriod === period &&
          o.xeroContactId === invoice.contactId &&
          o.xeroInvoiceId === invoice.id,
      )
      .reduce((sum, o) => sum + o.totalCents, 0);
    const theirs = input.stored
      .filter((o) => o.billingPeriod === period && o.xeroContactId === invoice.contactId)
      .reduce((sum, o) => sum + o.totalCents, 0);
    if (expected !== invoice.totalCents || theirs !== invoice.totalCents) {
      monthEndMismatches++;
      if (mismatchExamples.length < 5)
        mismatchExamples.push(`${invoice.id}: ${invoice.totalCents} cents, orders ${theirs}`);
    }
  }

  return {
    orders: valid.size,
    cardInvoiced,
    billed,
    lost,
    lostExamples,
    duplicates,
    duplicateExamples,
    malformedRefused,
    rejectedByWorkflow,
    unexpectedRejections,
    monthEndInvoices: monthEnd.length,
    monthEndMismatches,
    mismatchExamples,
    unexpectedAnswers,
  };
}
