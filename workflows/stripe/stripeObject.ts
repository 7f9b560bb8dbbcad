import { condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  stripeEventSignal,
  stripeObjectEventsQuery,
  type StripeObjectEvent,
  type StripeObjectInput,
} from './stripeObjectSignals';

/**
 * The per-object Stripe workflow, this round's minimal one: it records the object's events once
 * each, in Stripe's order (`created`), whatever order they arrived in, and answers what it holds.
 * The payments domain (matching, collections, ARR) will act on them here. Idle for a month, it
 * ends; the next event starts it again (signal-with-start).
 */
const IDLE_BEFORE_ENDING = '30 days';

export async function stripeObjectWorkflow(input: StripeObjectInput): Promise<void> {
  const events: StripeObjectEvent[] = [...(input.events ?? [])];
  setHandler(stripeEventSignal, (event) => {
    // Stripe delivers at least once, and the ingress may hand an event over twice after a crash.
    if (events.some((e) => e.eventId === event.eventId)) return;
    // After every event created no later: events of the same second keep their arrival order.
    const at = events.findIndex((e) => e.created > event.created);
    events.splice(at === -1 ? events.length : at, 0, event);
  });
  setHandler(stripeObjectEventsQuery, () => events);
  for (;;) {
    const seen = events.length;
    const more = await condition(() => events.length !== seen, IDLE_BEFORE_ENDING);
    if (!more) return;
    if (workflowInfo().continueAsNewSuggested)
      await continueAsNew<typeof stripeObjectWorkflow>({ ...input, events });
  }
}
