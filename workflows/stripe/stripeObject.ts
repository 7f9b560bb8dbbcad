import {
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { JsonObject } from '../store/schema';

/**
 * The per-object Stripe workflow, this round's minimal one: it records the object's events once
 * each, in Stripe's order (`created`), whatever order they arrived in, and answers what it holds.
 * The payments domain (matching, collections, ARR) will act on them here. Idle for a month, it
 * ends; the next event starts it again (signal-with-start).
 * Lives beside the dispatcher until it is wired into the worker's workflows (workflows/index.ts).
 */
export interface StripeObjectEvent {
  eventId: string;
  type: string;
  /** Stripe's `created`, seconds since the epoch. */
  created: number;
  livemode: boolean;
  /** The validated fields of `data.object` (stripeEventSchema.ts). */
  object: JsonObject;
}

export interface StripeObjectInput {
  installationId: string;
  objectType: string;
  objectId: string;
  /** Carried over by continue-as-new. */
  events?: StripeObjectEvent[];
}

export const stripeEventSignal = defineSignal<[StripeObjectEvent]>('stripeEvent');
export const stripeObjectEventsQuery = defineQuery<StripeObjectEvent[]>('stripeObjectEvents');

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
