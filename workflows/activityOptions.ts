import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import { NON_RETRYABLE_ERROR_TYPES } from './errorTypes';

/**
 * Every activity option set the workflows use, by what the call is. A workflow proxies its
 * activities with one of these instead of a literal of its own, so two calls of the same kind retry
 * the same way, and every set gives up at once on the failures retrying cannot fix.
 */
const nonRetryableErrorTypes = NON_RETRYABLE_ERROR_TYPES;

/** A read of Ledgerbridge's own store (connection status, links): waits out a database restart. */
export const storeRead: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes },
};

/** The same, best effort and in the workflow task: a few quick tries, then the caller does without. */
export const storeLookup: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', maximumInterval: '10 seconds', maximumAttempts: 3 },
};

/**
 * A record's mapping settings: a store read, validated. Bounded (about 8 seconds of tries): invalid
 * settings or a store outage then make the record wait for a person, with the message naming each
 * invalid field, instead of every workflow retrying the read for ever.
 */
export const settingsRead: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: {
    initialInterval: '500 milliseconds',
    backoffCoefficient: 2,
    maximumInterval: '10 seconds',
    maximumAttempts: 5,
    nonRetryableErrorTypes,
  },
};

/** Operations' writes (stuck-record reports, human decisions, audit): store only, never given up. */
export const operationsWrite: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
};

/**
 * The Xero record sync's fetch and apply, each tried `maximumAttempts` times before a person is
 * asked. Local activities: a sync is two short vendor exchanges, and running them in the workflow
 * task spares the server two activity tasks and two workflow tasks per sync. Both are idempotent
 * upserts, so the re-run after a worker dies mid-task is safe; backoffs past a minute become timers.
 */
export const recordSync = (maximumAttempts: number): LocalActivityOptions => ({
  // One record's calls take seconds; a worker that died mid-activity is given up on after this.
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts,
    nonRetryableErrorTypes,
  },
});

/**
 * A step of the CRM-to-Xero flow (reads and writes in Xero and the CRM). The attempts end within
 * Xero's 6-minute Idempotency-Key window, so a retried create finds the first one's answer.
 */
export const xeroWrite: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
    maximumAttempts: 8,
    nonRetryableErrorTypes,
  },
};

/** A token refresh: transient vendor errors back off; an invalid grant is an outcome, not an error. */
export const tokenRefresh: ActivityOptions = {
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes,
  },
};

/** A scheduled pull (Xero changes, won deals): the next scheduled run tries again, so a few tries. */
export const scheduledPull: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    maximumInterval: '5 minutes',
    maximumAttempts: 5,
    nonRetryableErrorTypes,
  },
};

/** A page of the initial load: long, heartbeating, retried until it goes through. */
export const backfillPage: ActivityOptions = {
  startToCloseTimeout: '15 minutes',
  heartbeatTimeout: '5 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '5 minutes',
    nonRetryableErrorTypes,
  },
};

/** A step of a parity check (read a few pages, compare a stretch of keys). */
export const parityStep: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '2 seconds', maximumInterval: '2 minutes', nonRetryableErrorTypes },
};

/** Showing or dropping a finished parity run: a few tries; the run's own result stands either way. */
export const parityReport: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 5, nonRetryableErrorTypes },
};

/** The system check's store calls: a few tries, then the check fails and says so. */
export const systemCheck: ActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumAttempts: 5 },
};

/**
 * A Stripe object's step against Xero or a CRM (match, settle, show on the deal): retried until it
 * goes through, as the money it stands for must reach its records; a failure retrying cannot fix
 * ends the step at once, and the workflow shows it and tries again at the object's next event.
 * Xero's Idempotency-Key window (6 minutes) is covered by the settlement's stored intent.
 */
export const stripeStep: ActivityOptions = untilItGoesThrough();

/**
 * A step of an order (issue #24) against Xero, the CRM or mail: retried until it goes through, as a
 * paid or accepted order must reach its invoice; a failure retrying cannot fix ends it at once. A
 * retry after Xero's 6-minute Idempotency-Key window looks the invoice up by its reference first.
 */
export const orderStep: ActivityOptions = untilItGoesThrough();

/** Two minutes a try, backing off to ten minutes between tries, never given up on what retrying can fix. */
function untilItGoesThrough(): ActivityOptions {
  return {
    startToCloseTimeout: '2 minutes',
    retry: {
      initialInterval: '2 seconds',
      backoffCoefficient: 2,
      maximumInterval: '10 minutes',
      nonRetryableErrorTypes,
    },
  };
}
