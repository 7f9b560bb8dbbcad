/**
 * The record properties Ledgerbridge writes about Stripe payments (issue #22): the worker's
 * PAYMENT_PROPERTIES in worker/connectors/hubspot/hubspotSchema.ts (a node test holds the two
 * together). The cards read them straight off the record, as HubSpot shows any property.
 */
export const DEAL_PAYMENT_PROPERTIES = [
  'ledgerbridge_payment_status',
  'ledgerbridge_payment_retry_count',
  'ledgerbridge_next_payment_attempt',
  'ledgerbridge_last_decline_code',
  'ledgerbridge_refunded_amount',
  'ledgerbridge_dispute_status',
  'stripe_reference',
  'stripe_subscription_status',
  'ledgerbridge_subscription_arr',
  'ledgerbridge_subscription_mrr',
  'ledgerbridge_renewal_date',
  'deal_currency_code',
] as const;

export const COMPANY_FIGURE_PROPERTIES = [
  'ledgerbridge_subscription_arr',
  'ledgerbridge_subscription_mrr',
  'ledgerbridge_dso',
  'ledgerbridge_receivables_current',
  'ledgerbridge_receivables_1_30',
  'ledgerbridge_receivables_31_60',
  'ledgerbridge_receivables_61_90',
  'ledgerbridge_receivables_over_90',
  'ledgerbridge_receivables_as_of',
] as const;

export const PAYMENT_STATUS_LABELS: Record<string, string> = {
  paid: 'Paid',
  failed: 'Failed, will retry',
  retries_exhausted: 'Retries exhausted',
  refunded: 'Refunded',
  partially_refunded: 'Partially refunded',
  disputed: 'Disputed',
};

/** A number property's value, or null when empty. */
export function numberOf(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** A date property's day (HubSpot gives `2026-11-30` or its midnight UTC), or null. */
export function dayOf(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d\d-\d\d/.test(value)) return value.slice(0, 10);
  const ms = Number(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}
