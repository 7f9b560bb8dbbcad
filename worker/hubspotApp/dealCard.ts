import type { Connection } from '../connections/connectionStore';
import type { HubspotRecord } from '../connectors/hubspot/hubspotRecordReader';
import { dealCardSchema, type DealCard } from './contracts/cardData';
import { numberOrNull } from './companyCard';
import type { HubspotAppDeps } from './hubspotAppDeps';
import { lastSyncOf } from './lastSync';

/**
 * The deal card: the Xero fields the worker writes back on the deal, the validation problems it
 * left there (one sentence each), the failed-payment counter, and the last sync of the deal in
 * either direction (deal → invoice rows name `crmDealId`, invoice → deal rows `crmRecordId`).
 */
export async function dealCardData(
  deps: HubspotAppDeps,
  portal: Connection,
  deal: HubspotRecord,
): Promise<DealCard> {
  const p = deal.properties;
  const text = (v: string | null | undefined) => (v === null || v === undefined || v === '' ? null : v);
  const invoiceId = text(p.xero_invoice_id);
  return dealCardSchema.parse({
    dealId: deal.id,
    dealName: p.dealname ?? '',
    isWon: p.hs_is_closed_won === 'true' || p.dealstage === 'closedwon',
    invoice: invoiceId
      ? {
          xeroInvoiceId: invoiceId,
          number: text(p.xero_invoice_number),
          status: text(p.xero_invoice_status),
          amountDue: numberOrNull(p.xero_amount_due),
          amountPaid: numberOrNull(p.xero_amount_paid),
          paymentStatus: text(p.xero_payment_status),
          onlineUrl: text(p.xero_invoice_url),
        }
      : null,
    // A portal with one currency leaves deal_currency_code empty: its deals are in the company currency.
    currency: text(p.deal_currency_code) ?? (await deps.recordsOf(portal.id).companyCurrency()),
    problems: splitProblems(p.ledgerbridge_sync_problem),
    paymentRetryCount: Math.trunc(numberOrNull(p.ledgerbridge_payment_retry_count) ?? 0),
    lastSync: await lastSyncOf(deps.db, [
      { crm: 'hubspot', crmDealId: deal.id },
      { crm: 'hubspot', crmConnectionId: portal.id, crmRecordId: deal.id },
    ]),
  });
}

/** The deal flow writes its reasons as sentences joined by spaces; the card lists them. */
export function splitProblems(text: string | null | undefined): string[] {
  if (!text || text.trim() === '') return [];
  return text
    .split(/(?<=\.)\s+(?=[A-Z0-9])/)
    .map((s) => s.trim())
    .filter(Boolean);
}
