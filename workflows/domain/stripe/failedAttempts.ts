/**
 * The failed-payment counter shown on the deal: each real processor attempt counts once, although
 * Stripe delivers events at least once and in any order. Each failure event counts by its ID (a
 * redelivery has the same ID), and an invoice's `attempt_count` is a floor, so an event that never
 * arrived still counts. Feed one source per object: `invoice.payment_failed` for an invoice's
 * payments, `payment_intent.payment_failed` for a PaymentIntent without an invoice; Stripe sends
 * both for an invoice's attempt, and counting both would count it twice.
 *
 * The state is plain JSON, kept in the object's workflow; folding the same events in any order,
 * with any duplicates, gives the same state.
 */
export interface FailedAttemptEvent {
  /** The Stripe event's `id` (`evt_…`). */
  id: string;
  /** The event's `created`, Unix seconds. */
  created: number;
  /** The invoice's `attempt_count`, on `invoice.payment_failed`. */
  attempt_count?: number | undefined;
  /** The invoice's `next_payment_attempt` (Unix seconds, null when Stripe will not retry). */
  next_payment_attempt?: number | null | undefined;
}

export interface FailedAttempts {
  /** Failure event IDs seen, sorted. */
  eventIds: string[];
  /** The highest `attempt_count` seen. */
  attempt_count: number;
  /** The newest event's word on Stripe's next retry (newest by attempt_count, then created, then ID). */
  latest: { attempt_count: number; created: number; id: string; next_payment_attempt: number | null } | null;
}

export const noFailedAttempts: FailedAttempts = { eventIds: [], attempt_count: 0, latest: null };

function newer(
  a: { attempt_count: number; created: number; id: string },
  b: { attempt_count: number; created: number; id: string },
): boolean {
  if (a.attempt_count !== b.attempt_count) return a.attempt_count > b.attempt_count;
  if (a.created !== b.created) return a.created > b.created;
  return a.id > b.id;
}

export function recordFailedAttempt(state: FailedAttempts, event: FailedAttemptEvent): FailedAttempts {
  if (state.eventIds.includes(event.id)) return state;
  const attemptCount = event.attempt_count ?? 0;
  const candidate = {
    attempt_count: attemptCount,
    created: event.created,
    id: event.id,
    next_payment_attempt: event.next_payment_attempt ?? null,
  };
  // Only invoice events speak about Stripe's retries; a PaymentIntent's failure leaves them as they were.
  const speaksOfRetries = event.attempt_count !== undefined;
  return {
    eventIds: [...state.eventIds, event.id].sort(),
    attempt_count: Math.max(state.attempt_count, attemptCount),
    latest: speaksOfRetries && (!state.latest || newer(candidate, state.latest)) ? candidate : state.latest,
  };
}

/** Real attempts that failed. */
export function failedAttemptCount(state: FailedAttempts): number {
  return Math.max(state.eventIds.length, state.attempt_count);
}

/** When Stripe retries next (Unix seconds), or null when it will not or has not said. */
export function nextRetryAt(state: FailedAttempts): number | null {
  return state.latest?.next_payment_attempt ?? null;
}

/**
 * Automatic retries left under the installation's Stripe retry setting (`maxAttempts`, counting the
 * first attempt, as `attempt_count` does). None once Stripe says it will not retry.
 */
export function retriesRemaining(state: FailedAttempts, maxAttempts: number): number {
  if (state.latest && state.latest.next_payment_attempt === null) return 0;
  return Math.max(0, maxAttempts - state.attempt_count);
}
