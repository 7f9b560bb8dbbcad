import type { Client } from '@temporalio/client';
import { Installation } from '../../workflows/searchAttributes';
import { installationPriority } from '../temporal/fairness';
import { HANDOVER_DEADLINE_MS, handOverWithin } from './handoverDeadline';
import type { LedgerEntry } from './stripeEventLedger';
import { stripeEventSignal, type StripeObjectEvent } from '../../workflows/stripe/stripeObjectSignals';
import type { stripeObjectWorkflow } from '../../workflows/stripe/stripeObject';

/**
 * Hands one Stripe event to its object's workflow: signal-with-start, so the event is either in
 * Temporal or the caller gets an error (TemporalUnavailableError past the deadline: a 503, and
 * Stripe retries). The workflow drops an event it already holds, so handing over twice is harmless.
 */
export function stripeEventDispatcher(client: Client, taskQueue: string, deadlineMs = HANDOVER_DEADLINE_MS) {
  return async (entry: LedgerEntry, installationSlug: string): Promise<void> => {
    await handOverWithin(client, deadlineMs, () =>
      client.workflow.signalWithStart<typeof stripeObjectWorkflow, [StripeObjectEvent]>(
        'stripeObjectWorkflow',
        {
          taskQueue,
          workflowId: entry.workflowId,
          // One installation's backlog does not hold back another's (task-queue fairness).
          ...installationPriority(installationSlug),
          // Found by the installation's slug in the Temporal UI, and stopped with it on uninstall.
          typedSearchAttributes: [{ key: Installation, value: installationSlug }],
          args: [
            { installationId: entry.installationId, objectType: entry.objectType, objectId: entry.objectId },
          ],
          signal: stripeEventSignal,
          signalArgs: [entry.event],
        },
      ),
    );
  };
}

export type StripeEventDispatch = ReturnType<typeof stripeEventDispatcher>;
