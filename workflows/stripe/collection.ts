import { condition, log, proxyActivities, setHandler } from '@temporalio/workflow';
import type {
  CollectionActivities,
  CollectionInvoice,
} from '../../worker/payments/collections/collectionActivities';
import { DAY_MS, msUntilDay } from '../domain/stripe/calendarDates';
import { nextCollectionStep, type CollectionStepId } from '../domain/stripe/collectionSchedule';
import { NON_RETRYABLE_ERROR_TYPES } from '../errorTypes';
import { handOver, historyIsLong } from '../historyBound';
import {
  collectionDecisionSignal,
  collectionFailedAttemptSignal,
  collectionPaidSignal,
  collectionReviewSignal,
  collectionStateQuery,
  type CollectionView,
} from './collectionSignals';

export * from './collectionSignals';

/** After a read or step that failed through all its retries (Xero or the CRM away, a re-consent due). */
const RETRY_AFTER_FAILURE_MS = 3_600_000;

// A Xero read or a CRM task: retried for minutes; a failure that outlasts them is waited out by the loop.
const { readCollectionInvoice, takeCollectionStep } = proxyActivities<CollectionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '2 minutes',
    maximumAttempts: 6,
    nonRetryableErrorTypes: [...NON_RETRYABLE_ERROR_TYPES],
  },
});

export interface CollectionInput {
  installationId: string;
  xeroTenantId: string;
  xeroInvoiceId: string;
  /** What an earlier run of this workflow learnt (continue-as-new). */
  carried?: Pick<CollectionView, 'done' | 'failedAttempts' | 'decision'> & { paidReference?: string };
  /** The longest sleep before the invoice is read again (default a day); tests make it short. */
  recheckEveryMs?: number;
  maxHistoryEvents?: number;
}

export type CollectionOutcome = {
  stopped: NonNullable<CollectionView['stopReason']>;
  done: CollectionStepId[];
};

/**
 * Collects one overdue Xero invoice under the installation's schedule (nextCollectionStep): takes
 * each step when its day comes, sleeps until the next (woken early by a failed attempt, a payment
 * or a person's decision), and stops on payment, write-off or a person's stop. The invoice is read
 * again on every wake, so a payment or void in Xero stops it within a day even without a signal.
 */
export async function collectionWorkflow(input: CollectionInput): Promise<CollectionOutcome> {
  const recheckEveryMs = input.recheckEveryMs ?? DAY_MS;
  const view: CollectionView = {
    status: 'collecting',
    failedAttempts: input.carried?.failedAttempts ?? 0,
    done: [...(input.carried?.done ?? [])],
    ...(input.carried?.decision ? { decision: input.carried.decision } : {}),
  };
  let paidReference = input.carried?.paidReference;
  let wakes = 0;
  setHandler(collectionStateQuery, () => view);
  setHandler(collectionFailedAttemptSignal, ({ failedAttempts }) => {
    // The counter is monotone; a redelivered or late event never lowers it.
    view.failedAttempts = Math.max(view.failedAttempts, failedAttempts);
    wakes++;
  });
  setHandler(collectionPaidSignal, ({ reference }) => {
    paidReference = reference;
    wakes++;
  });
  setHandler(collectionDecisionSignal, (decision) => {
    if (decision.kind === 'stop') view.decision = { kind: 'stop', by: decision.by, reason: decision.reason };
    else if (decision.until && /^\d{4}-\d{2}-\d{2}$/.test(decision.until))
      view.decision = { kind: 'snooze', until: decision.until, by: decision.by, reason: decision.reason };
    wakes++;
  });
  setHandler(collectionReviewSignal, () => {
    wakes++;
  });

  const stop = (reason: NonNullable<CollectionView['stopReason']>): CollectionOutcome => {
    view.status = 'stopped';
    view.stopReason = reason;
    return { stopped: reason, done: view.done };
  };

  for (;;) {
    if (paidReference !== undefined) return stop('paid');
    if (view.decision?.kind === 'stop') return stop('person_decided');
    const seen = wakes;
    let failed = false;
    let invoice: CollectionInvoice | undefined;
    try {
      invoice = await readCollectionInvoice(input);
    } catch (err) {
      failed = true;
      log.warn('collection: the invoice could not be read; trying again later', { error: String(err) });
    }
    if (invoice) {
      view.dueDate = invoice.dueDate;
      view.today = invoice.today;
      const next = nextCollectionStep(invoice.schedule, {
        invoice: invoice.state,
        dueDate: invoice.dueDate,
        failedAttempts: view.failedAttempts,
        done: view.done,
        decision: view.decision,
        today: invoice.today,
      });
      view.next = next;
      if (next.kind === 'stop') return stop(next.reason);
      if (next.kind === 'act') {
        try {
          await takeCollectionStep({
            ...input,
            step: next.step,
            invoice,
            failedAttempts: view.failedAttempts,
          });
          view.done.push(next.step.id);
          continue;
        } catch (err) {
          failed = true;
          log.warn('collection: a step failed; trying again later', {
            step: next.step.id,
            error: String(err),
          });
        }
      }
    }
    // Until the day of the next step begins (in the installation's time zone), at most recheckEveryMs.
    const untilStep = failed
      ? RETRY_AFTER_FAILURE_MS
      : invoice && view.next?.kind === 'wait'
        ? msUntilDay(invoice, view.next.on)
        : recheckEveryMs;
    await condition(() => wakes !== seen, Math.max(1, Math.min(untilStep, recheckEveryMs)));
    if (historyIsLong(input))
      await handOver<typeof collectionWorkflow>(() => [
        {
          ...input,
          carried: {
            done: view.done,
            failedAttempts: view.failedAttempts,
            ...(view.decision ? { decision: view.decision } : {}),
            ...(paidReference !== undefined ? { paidReference } : {}),
          },
        },
      ]);
  }
}
