import { defineQuery, defineSignal } from '@temporalio/workflow';
import type {
  CollectionDecision,
  CollectionNext,
  CollectionStepId,
} from '../domain/stripe/collectionSchedule';

/** One collection workflow per overdue Xero invoice of an installation. */
export function collectionWorkflowId(installationId: string, xeroInvoiceId: string): string {
  return `collection:${installationId}:${xeroInvoiceId}`;
}

/** Stripe failed to take the invoice's payment again: `failedAttempts` is the counter so far (failedAttemptCount). */
export const collectionFailedAttemptSignal =
  defineSignal<[{ eventId: string; failedAttempts: number }]>('collectionFailedAttempt');

/** The invoice was paid (the Stripe payment or the Xero payment's reference): collection stops. */
export const collectionPaidSignal = defineSignal<[{ reference: string }]>('collectionPaid');

/** A person's decision: stop collecting, or nothing until a date (YYYY-MM-DD). */
export const collectionDecisionSignal =
  defineSignal<[{ kind: 'stop' | 'snooze'; until?: string; by: string; reason: string }]>(
    'collectionDecision',
  );

/** Look again now (the nightly run saw the invoice overdue); the signal of its signal-with-start. */
export const collectionReviewSignal = defineSignal<[{ asOf: string }]>('collectionReview');

export interface CollectionView {
  status: 'collecting' | 'stopped';
  stopReason?: 'paid' | 'written_off' | 'person_decided';
  dueDate?: string;
  today?: string;
  failedAttempts: number;
  done: CollectionStepId[];
  decision?: CollectionDecision & { by: string; reason: string };
  /** What the schedule said last. */
  next?: CollectionNext;
}

export const collectionStateQuery = defineQuery<CollectionView>('collectionState');
