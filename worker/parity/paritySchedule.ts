import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { parityCheckWorkflow } from '../../workflows';
import { installationPriority } from '../temporal/fairness';
import { parityScheduleId, type ParityPair } from '../temporal/workIds';
import type { ParityCheckInput, ParityCheckProgress } from '../../workflows/parity/parityCheck';

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
  /** The installation's slug: its runs' fairness key. */
  installation?: string,
): Promise<void> {
  const id = parityScheduleId(pair);
  const args: [ParityCheckInput] = [{ ...pair, trigger: 'schedule' }];
  try {
    await client.schedule.create({
      scheduleId: id,
      spec: { cronExpressions: [cron] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: {
        type: 'startWorkflow',
        workflowType: parityCheckWorkflow,
        workflowId: id,
        args,
        taskQueue,
        ...installationPriority(installation),
      },
      memo: { purpose: 'Nightly parity check: Xero against the CRM, every disagreement reported by kind' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}

/**
 * A parity check now (the CLI): `parity:<tenant>:<crm>:manual-<time>`; with `cutover`, the cutover
 * report of shadow mode's plans against the old process (`…:cutover-<time>`).
 */
export async function runParityCheckNow(
  client: Client,
  taskQueue: string,
  pair: ParityPair,
  mode: 'check' | 'cutover' = 'check',
): Promise<{ workflowId: string; result: Promise<ParityCheckProgress> }> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const workflowId = `${parityScheduleId(pair)}:${mode === 'cutover' ? 'cutover' : 'manual'}-${stamp}`;
  const handle = await client.workflow.start(parityCheckWorkflow, {
    taskQueue,
    workflowId,
    args: [{ ...pair, trigger: 'manual', mode }],
  });
  return { workflowId, result: handle.result() };
}
