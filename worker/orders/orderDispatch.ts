import type { Client } from '@temporalio/client';
import { Installation } from '../../workflows/searchAttributes';
import { orderRejectionWorkflowId, orderWorkflowId } from '../../workflows/orders/orderIds';
import { installationPriority } from '../temporal/fairness';
import { HANDOVER_DEADLINE_MS, handOverWithin } from '../webhooks/handoverDeadline';

/** Hands an accepted order, or a signed post that was not one, to its workflow (durable before the 2xx). */
export interface OrderDispatch {
  order(installationId: string, installationSlug: string, orderId: string): Promise<void>;
  rejection(installationId: string, installationSlug: string, bodySha256: string): Promise<void>;
}

/**
 * Starts `order:<installation>:<order id>` (or `order-rejected:<installation>:<body hash>`) once: a
 * running or finished workflow with the ID is the order already handed over, so a repeat post starts
 * nothing. Temporal not answering within the deadline is TemporalUnavailableError (a 503, the site
 * retries).
 */
export function orderDispatcher(
  client: Client,
  taskQueue: string,
  deadlineMs = HANDOVER_DEADLINE_MS,
): OrderDispatch {
  const start = (workflowType: string, workflowId: string, slug: string, args: unknown[]) =>
    handOverWithin(client, deadlineMs, async () => {
      try {
        await client.workflow.start(workflowType, {
          taskQueue,
          workflowId,
          args,
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'USE_EXISTING',
          ...installationPriority(slug),
          typedSearchAttributes: [{ key: Installation, value: slug }],
        });
      } catch (err) {
        if (!(err instanceof Error && err.name === 'WorkflowExecutionAlreadyStartedError')) throw err;
      }
    });
  return {
    order: (installationId, slug, orderId) =>
      start('orderIntakeWorkflow', orderWorkflowId(installationId, orderId), slug, [
        { installationId, orderId },
      ]),
    rejection: (installationId, slug, bodySha256) =>
      start('orderRejectionWorkflow', orderRejectionWorkflowId(installationId, bodySha256), slug, [
        { installationId, bodySha256 },
      ]),
  };
}
