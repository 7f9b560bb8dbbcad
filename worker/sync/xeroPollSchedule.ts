import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { xeroPollWorkflow } from '../../workflows';
import { installationPriority } from '../temporal/fairness';
import { xeroPollScheduleId } from '../temporal/workIds';

/**
 * One Temporal Schedule per Xero organisation, `xero-poll:<tenantId>`, visible (and pausable) in the
 * Temporal UI. Overlapping runs are skipped: a slow pull is not doubled up.
 */
export async function ensureXeroPollSchedule(
  client: Client,
  taskQueue: string,
  tenantId: string,
  everyMs: number,
  /** The installation's slug: its runs' fairness key. */
  installation?: string,
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: xeroPollScheduleId(tenantId),
      spec: { intervals: [{ every: everyMs }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: {
        type: 'startWorkflow',
        workflowType: xeroPollWorkflow,
        workflowId: xeroPollScheduleId(tenantId),
        args: [{ tenantId }],
        taskQueue,
        ...installationPriority(installation),
      },
      memo: { purpose: 'Safety net under Xero webhooks: pulls changes with If-Modified-Since' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
