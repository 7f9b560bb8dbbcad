import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { parityCheckWorkflow } from '../../workflows';
import type { ParityCheckInput, ParityCheckProgress } from '../../workflows/parity/parityCheck';

export interface ParityPair {
  xeroTenantId: string;
  crmConnectionId: string;
}

const scheduleId = (pair: ParityPair) => `parity:${pair.xeroTenantId}:${pair.crmConnectionId}`;

/**
 * The nightly parity check of one Xero organisation against one CRM connection: a Schedule
 * `parity:<tenant>:<crm connection>` (pausable, or triggered now, in the Temporal UI), whose runs
 * are workflows of the same ID prefix. Overlapping runs are skipped.
 */
export async function ensureParitySchedule(
  client: Client,
  taskQueue: string,
  pair: ParityPair,
  cron: string,
): Promise<void> {
  const id = scheduleId(pair);
  const args: [ParityCheckInput] = [{ ...pair, trigger: 'schedule' }];
  try {
    await client.schedule.create({
      scheduleId: id,
      spec: { cronExpressions: [cron] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: { type: 'startWorkflow', workflowType: parityCheckWorkflow, workflowId: id, args, taskQueue },
      memo: { purpose: 'Nightly parity check: Xero against the CRM, every disagreement reported by kind' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

/** A parity check now (the CLI, the CRMs' sync health views): `parity:<tenant>:<crm>:manual-<time>`. */
export async function runParityCheckNow(
  client: Client,
  taskQueue: string,
  pair: ParityPair,
): Promise<{ workflowId: string; result: Promise<ParityCheckProgress> }> {
  const workflowId = `${scheduleId(pair)}:manual-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const handle = await client.workflow.start(parityCheckWorkflow, {
    taskQueue,
    workflowId,
    args: [{ ...pair, trigger: 'manual' }],
  });
  return { workflowId, result: handle.result() };
}
