import type { CanonicalInvoice, CanonicalInvoicePayment } from '../../../workflows/domain/canonical';

/**
 * Invoice and payment activity as HubSpot app event occurrences (timeline events), one on the deal
 * and one on its company. The event types are the project's app-event components
 * (hubspot-project/app-events/*-hsmeta.json, uploaded from src/app/app-events once HubSpot allows the app events); `eventTypeName` is their uid.
 * https://developers.hubspot.com/docs/apps/developer-platform/add-features/app-events/send-event-occurrences
 */
export const TIMELINE_EVENT_TYPES = {
  deal: 'xero_activity_deal',
  company: 'xero_activity_company',
} as const;
export type TimelineTarget = keyof typeof TIMELINE_EVENT_TYPES;

export interface TimelineOccurrence {
  eventTypeName: string;
  objectId: string;
  /** Unique per event type: HubSpot refuses a second occurrence with the same id (409). */
  id: string;
  timestamp: string;
  properties: Record<string, string | number>;
}

export type InvoiceActivity =
  | { kind: 'invoiceCreated'; invoice: CanonicalInvoice }
  | { kind: 'paymentApplied'; invoice: CanonicalInvoice; payment: CanonicalInvoicePayment };

/** The stable id of an activity: the same Xero fact always gives the same id, so a retry is a 409. */
export function activityEventId(activity: InvoiceActivity): string {
  return activity.kind === 'invoiceCreated'
    ? `xero-invoice-${activity.invoice.xeroInvoiceId}-created`
    : `xero-payment-${activity.payment.xeroPaymentId}`;
}

function summaryOf(activity: InvoiceActivity): string {
  const { invoice } = activity;
  return activity.kind === 'invoiceCreated'
    ? `Xero invoice ${invoice.number} created for ${money(invoice.total)} ${invoice.currency}`
    : `Payment of ${money(activity.payment.amount)} ${invoice.currency} applied to Xero invoice ${invoice.number}`;
}

function money(amount: number): string {
  return amount.toFixed(2);
}

/**
 * The occurrences of one activity: on the deal, and on the company when the deal has one. The
 * timestamp is when it happened in Xero (the invoice's or payment's date), not when we sent it.
 */
export function occurrencesOf(
  activity: InvoiceActivity,
  records: { dealId: string; companyId: string | undefined },
): TimelineOccurrence[] {
  const { invoice } = activity;
  const properties: Record<string, string | number> = {
    activity: activity.kind,
    summary: summaryOf(activity),
    invoiceNumber: invoice.number,
    amount: activity.kind === 'invoiceCreated' ? invoice.total : activity.payment.amount,
    amountDue: invoice.amountDue,
    currencyCode: invoice.currency,
    ...(invoice.onlineUrl ? { xeroUrl: invoice.onlineUrl } : {}),
  };
  const date = activity.kind === 'invoiceCreated' ? invoice.date : activity.payment.date;
  const base = { id: activityEventId(activity), timestamp: `${date}T00:00:00.000Z`, properties };
  const targets: Array<[TimelineTarget, string]> = [['deal', records.dealId]];
  if (records.companyId) targets.push(['company', records.companyId]);
  return targets.map(([target, objectId]) => ({
    eventTypeName: TIMELINE_EVENT_TYPES[target],
    objectId,
    ...base,
  }));
}
