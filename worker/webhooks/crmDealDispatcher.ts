import type { Client } from '@temporalio/client';
import { crmDealChangedSignal, dealToXeroWorkflow } from '../../workflows/crm/dealToXero';
import { crmDealWorkflowId } from '../../workflows/crm/dealIds';
import { searchAttributePairs } from '../../workflows/searchAttributes';
import { installationPriority } from '../temporal/fairness';
import type { DealRef } from '../activities/dealToXero';
import { HANDOVER_DEADLINE_MS, handOverEach, type DispatcherOptions } from './handoverDeadline';

export type CrmDealDispatch = (changes: Array<DealRef & { source: string }>) => Promise<string[]>;

/**
 * Hands deal changes to their deals' workflows with signalWithStart: durable in Temporal once this
 * returns, one workflow per deal however many notices arrive. A deal whose hand-over is not taken
 * within the deadline fails the call with TemporalUnavailableError.
 */
export function crmDealDispatcher(
  client: Client,
  taskQueue: string,
  options: DispatcherOptions = {},
): CrmDealDispatch {
  const deadlineMs = options.deadlineMs ?? HANDOVER_DEADLINE_MS;
  return async (changes) => {
    const byDeal = new Map(changes.map((c) => [crmDealWorkflowId(c.crm, c.crmAccount, c.dealId), c]));
    await handOverEach(client, deadlineMs, [...byDeal], async ([workflowId, c]) => {
      const installation = await options.installationOf?.(c.crm, c.crmAccount);
      return client.workflow.signalWithStart(dealToXeroWorkflow, {
        taskQueue,
        workflowId,
        // One installation's backlog does not hold back another's (task-queue fairness).
        ...installationPriority(installation),
        args: [{ crm: c.crm, crmAccount: c.crmAccount, dealId: c.dealId }],
        // Findable from its first moment: the workflow adds the Xero invoice as it makes it.
        typedSearchAttributes: searchAttributePairs({
          flow: 'crm_to_xero',
          accounts: [c.crmAccount],
          crmRecordIds: [c.dealId],
          outcome: 'running',
          installation,
        }),
        signal: crmDealChangedSignal,
        signalArgs: [{ source: c.source }],
      });
    });
    return [...byDeal.keys()];
  };
}
