import type { CanonicalInvoice, CanonicalInvoicePayment } from '../../workflows/domain/canonical';
import { VendorError } from '../connectors/errors';
import { HubspotCrm } from '../connectors/hubspot/hubspotCrm';
import { HubspotTimeline, type TimelinePostResult } from '../connectors/hubspot/hubspotTimeline';
import type { InvoiceActivity } from '../connectors/hubspot/hubspotTimelineEvents';
import type { CrmTarget } from '../sync/crmTarget';
import type { AuditRef, DealRef } from './dealToXero';
import type { XeroSyncDeps } from './xeroSync';

/**
 * Invoice and payment activity on HubSpot timelines (the deal's and its company's). Salesforce
 * shows the same through its related lists, so for it there is nothing to post.
 */
export async function postOnTimeline(
  target: CrmTarget,
  dealId: string,
  activity: InvoiceActivity,
): Promise<TimelinePostResult | undefined> {
  if (!(target instanceof HubspotCrm)) return undefined;
  const refusedUntil = timelineRefused.get(target.connectionId);
  if (refusedUntil !== undefined && refusedUntil > Date.now()) return undefined;
  try {
    return await new HubspotTimeline({ call: (fn) => target.call(fn) }).post(dealId, activity);
  } catch (err) {
    // What a retry cannot mend (no timeline scope on an older install, an event type not deployed)
    // does not hold back the sync it is part of: the timeline only shows what is already done.
    if (err instanceof VendorError && UNMENDABLE.has(err.kind)) {
      if (err.kind === 'forbidden')
        timelineRefused.set(target.connectionId, Date.now() + TIMELINE_REFUSED_MS);
      return undefined;
    }
    throw err;
  }
}

const UNMENDABLE = new Set<string>(['forbidden', 'validation', 'notFound']);

/**
 * Portals that refused the timeline itself (403: an install without the timeline scope, or app
 * events not allowed for the app), by connection: not asked again for an hour, so every sync of
 * such a portal does not spend paced calls on posts bound to fail.
 */
const TIMELINE_REFUSED_MS = 60 * 60_000;
const timelineRefused = new Map<string, number>();

/**
 * The invoice's payments on the timelines: only those not stored yet (`newPaymentIds`, from the
 * payment tracker, stored once the sync succeeds), so a sync of an unchanged invoice posts nothing;
 * every payment when no tracker says. One already there (a retried sync) is a 409, done.
 */
export async function postPaymentsOnTimeline(
  target: CrmTarget,
  dealId: string,
  invoice: CanonicalInvoice,
  newPaymentIds?: readonly string[],
): Promise<TimelinePostResult[]> {
  const results: TimelinePostResult[] = [];
  const isNew = (p: CanonicalInvoicePayment) =>
    newPaymentIds === undefined || newPaymentIds.includes(p.xeroPaymentId);
  for (const payment of (invoice.payments ?? []).filter(isNew)) {
    const posted = await postOnTimeline(target, dealId, paymentActivity(invoice, payment));
    if (posted) results.push(posted);
  }
  return results;
}

const paymentActivity = (invoice: CanonicalInvoice, payment: CanonicalInvoicePayment): InvoiceActivity => ({
  kind: 'paymentApplied',
  invoice,
  payment,
});

export function createTimelineActivities(deps: Pick<XeroSyncDeps, 'connections' | 'crmTargets' | 'audit'>) {
  return {
    /** The invoice just made in Xero for the deal, on the deal's and its company's timeline. */
    async postInvoiceOnTimeline(input: DealRef & AuditRef & { invoice: CanonicalInvoice }): Promise<void> {
      if (input.crm !== 'hubspot') return;
      const connection = await deps.connections.find('hubspot', input.crmAccount);
      const target = connection ? await deps.crmTargets.forConnection(connection.id) : undefined;
      if (!target) return;
      const posted = await postOnTimeline(target, input.dealId, {
        kind: 'invoiceCreated',
        invoice: input.invoice,
      });
      if (!posted) return;
      await deps.audit.record({
        actor: 'worker',
        workflowId: input.workflowId,
        runId: input.runId,
        action: 'post_timeline_event',
        outcome: 'succeeded',
        subject: { crm: input.crm, crmDealId: input.dealId, xeroInvoiceId: input.invoice.xeroInvoiceId },
        detail: { eventId: posted.eventId, posted: posted.posted.map((p) => `${p.objectId}:${p.outcome}`) },
      });
    },
  };
}

export type TimelineActivities = ReturnType<typeof createTimelineActivities>;
