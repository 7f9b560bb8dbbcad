import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { crmWonPollWorkflow } from '../../workflows';
import { installationPriority } from '../temporal/fairness';
import { crmWonPollScheduleId, type CrmAccountRef } from '../temporal/workIds';

/**
 * One Schedule per CRM connection, `crm-won-poll:<crm>:<account>` (Salesforce: SystemModstamp;
 * HubSpot: hs_lastmodifieddate), pausable in the Temporal UI. Overlapping runs are skipped.
 */
export async function ensureCrmWonPollSchedule(
  client: Client,
  taskQueue: string,
  ref: CrmAccountRef,
  everyMs: number,
  /** The installation's slug: its runs' fairness key. */
  installation?: string,
): Promise<void> {
  const id = crmWonPollScheduleId(ref);
  try {
    await client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: everyMs }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: {
        type: 'startWorkflow',
        workflowType: crmWonPollWorkflow,
        workflowId: id,
        args: [ref],
        taskQueue,
        ...installationPriority(installation),
      },
      memo: { purpose: 'Safety net under Closed Won notices: won deals without an invoice' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
