import type { Store } from '../../worker/store/store';
import { stripeEventSchema } from '../../worker/webhooks/stripeEventSchema';
import { stripeObjectKeyOf, stripeObjectWorkflowId } from '../../worker/webhooks/stripeObjectKey';
import type { EventPlan } from './eventPlan';
import type { Answer } from './pacedSender';
import type { PaymentsTarget } from './stackTarget';
import type { PlantedXero } from './xeroPlant';

export interface Outcomes {
  /** Genuine events not recorded and handed over, or missing from their object's workflow. */
  lostEvents: number;
  /** Payments on planted invoices without a Xero payment; undefined when settlement was not measured. */
  unapplied: number | undefined;
  lost: number;
  double_applied: number;
  forged_accepted: number;
  /** Objects that received an event out of order and still hold their events in Stripe's order. */
  inStripeOrder: { objects: number; ordered: number };
  examples: string[];
}

const QUERY_CONCURRENCY = 8;

/**
 * What became of the stream: each genuine event in `stripe_events` handed over and in its object's
 * workflow; each forged one answered 4xx and never stored; Xero payments per Stripe payment; and,
 * when the target settles payments in Xero, each succeeded payment applied there.
 */
export async function readOutcomes(deps: {
  plan: EventPlan;
  answers: Answer[];
  store: Store;
  target: PaymentsTarget;
  xero: PlantedXero;
  settlementMeasured: boolean;
}): Promise<Outcomes> {
  const { plan, target } = deps;
  const examples: string[] = [];
  const rows = await deps.store.db
    .selectFrom('stripe_events')
    .select(['event_id', 'handed_over_at'])
    .where('installation_id', '=', target.installationId)
    .execute();
  const handedOver = new Set(rows.filter((r) => r.handed_over_at).map((r) => r.event_id));
  const stored = new Set(rows.map((r) => r.event_id));

  const byWorkflow = new Map<string, { ids: string[]; outOfOrder: boolean }>();
  for (const event of plan.unique) {
    const workflowId = stripeObjectWorkflowId(
      target.installationId,
      stripeObjectKeyOf(stripeEventSchema.parse(event)),
    );
    const entry = byWorkflow.get(workflowId) ?? { ids: [], outOfOrder: false };
    entry.ids.push(event.id);
    byWorkflow.set(workflowId, entry);
  }
  const sentOrder = new Map<string, number>();
  deps.answers.forEach((a, i) => {
    if (a.delivery.kind === 'first') sentOrder.set(a.delivery.event.id, i);
  });
  let lostEvents = 0;
  const inStripeOrder = { objects: 0, ordered: 0 };
  const workflows = [...byWorkflow.entries()];
  const check = async ([workflowId, entry]: (typeof workflows)[number]) => {
    const held = await target.eventsOf(workflowId);
    const heldIds = new Set(held?.map((e) => e.eventId));
    for (const id of entry.ids)
      if (!handedOver.has(id) || !heldIds.has(id)) {
        lostEvents++;
        if (examples.length < 5) examples.push(`lost ${id} (${workflowId}${held ? '' : ': no workflow'})`);
      }
    // Stripe's order is the order of `ids` (plan.unique is sorted by created).
    const sent = entry.ids.map((id) => sentOrder.get(id) ?? 0);
    if (sent.some((s, i) => i > 0 && s < sent[i - 1]!) && held) {
      inStripeOrder.objects++;
      const heldOrder = held.map((e) => e.eventId).filter((id) => entry.ids.includes(id));
      if (heldOrder.join() === entry.ids.filter((id) => heldIds.has(id)).join()) inStripeOrder.ordered++;
    }
  };
  for (let i = 0; i < workflows.length; i += QUERY_CONCURRENCY)
    await Promise.all(workflows.slice(i, i + QUERY_CONCURRENCY).map(check));

  let unapplied: number | undefined;
  if (deps.settlementMeasured) {
    unapplied = plan.settles.filter((s) => deps.xero.paymentsOnInvoice(s.xeroInvoiceId) === 0).length;
  }
  const perStripeId = deps.xero.paymentsPerStripeId();
  const doubleApplied = [...perStripeId.values()].filter((n) => n > 1).length;

  const forgedAccepted = new Set<string>();
  for (const a of deps.answers)
    if (a.delivery.kind === 'forged' && a.status >= 200 && a.status < 300)
      forgedAccepted.add(a.delivery.event.id);
  for (const id of plan.forgedEventIds) if (stored.has(id)) forgedAccepted.add(id);
  for (const id of forgedAccepted) if (examples.length < 10) examples.push(`forged accepted ${id}`);

  return {
    lostEvents,
    unapplied,
    lost: lostEvents + (unapplied ?? 0),
    double_applied: doubleApplied,
    forged_accepted: forgedAccepted.size,
    inStripeOrder,
    examples,
  };
}
