import type { Client } from '@temporalio/client';
import { xeroRecordSyncWorkflow } from '../../workflows';
import { xeroRecordChangedSignal, type XeroRecordChange } from '../../workflows/xero/xeroRecordSync';
import { xeroRecordWorkflowId, type XeroRecordCategory } from '../../workflows/xero/recordIds';
import { searchAttributePairs } from '../../workflows/searchAttributes';
import { installationPriority } from '../temporal/fairness';
import { HANDOVER_DEADLINE_MS, handOverEach, type DispatcherOptions } from './handoverDeadline';

export interface XeroRecordRef {
  tenantId: string;
  category: XeroRecordCategory;
  resourceId: string;
}

/**
 * Hands Xero changes to Temporal durably: signal-with-start of each record's workflow, so a change
 * is either recorded in Temporal or the caller gets an error (and Xero retries). Several events for
 * one record in a batch become one signal. A record whose hand-over is not taken within the deadline
 * fails the call with TemporalUnavailableError.
 */
export function xeroEventDispatcher(client: Client, taskQueue: string, options: DispatcherOptions = {}) {
  const deadlineMs = options.deadlineMs ?? HANDOVER_DEADLINE_MS;
  return async (changes: Array<XeroRecordRef & { change: XeroRecordChange }>): Promise<string[]> => {
    const byRecord = new Map<string, XeroRecordRef & { change: XeroRecordChange }>();
    for (const c of changes) byRecord.set(xeroRecordWorkflowId(c.tenantId, c.category, c.resourceId), c);
    await handOverEach(client, deadlineMs, [...byRecord], async ([workflowId, c]) => {
      const installation = await options.installationOf?.('xero', c.tenantId);
      return client.workflow.signalWithStart(xeroRecordSyncWorkflow, {
        taskQueue,
        workflowId,
        // One installation's backlog does not hold back another's (task-queue fairness).
        ...installationPriority(installation),
        args: [{ tenantId: c.tenantId, category: c.category, resourceId: c.resourceId }],
        // Findable from its first moment: the workflow adds the number and CRM IDs as it learns them.
        typedSearchAttributes: searchAttributePairs({
          flow: 'xero_to_crm',
          accounts: [c.tenantId],
          xeroRecordId: c.resourceId,
          outcome: 'running',
          installation,
        }),
        signal: xeroRecordChangedSignal,
        signalArgs: [c.change],
      });
    });
    return [...byRecord.keys()];
  };
}

export type XeroEventDispatch = ReturnType<typeof xeroEventDispatcher>;
