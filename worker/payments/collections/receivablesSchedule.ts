import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { receivablesNightlyWorkflow } from '../../../workflows/stripe/receivablesNightly';
import { installationPriority } from '../../temporal/fairness';

/** The nightly receivables Schedule of one installation (its runs carry the same ID). */
export function receivablesScheduleId(installationId: string): string {
  return `receivables:${installationId}`;
}

/**
 * One Temporal Schedule per installation, `receivables:<installation id>`, at `hour`:00 in the
 * installation's time zone (settings.payments.timeZone), visible and pausable in the Temporal UI.
 * Overlapping runs are skipped. Already there: left as it is.
 */
export async function ensureReceivablesSchedule(
  client: Client,
  taskQueue: string,
  installationId: string,
  options: { timeZone: string; hour?: number; installationSlug?: string },
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: receivablesScheduleId(installationId),
      spec: { calendars: [{ hour: options.hour ?? 2, minute: 0 }], timezone: options.timeZone },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      action: {
        type: 'startWorkflow',
        workflowType: receivablesNightlyWorkflow,
        workflowId: receivablesScheduleId(installationId),
        args: [{ installationId }],
        taskQueue,
        ...installationPriority(options.installationSlug),
      },
      memo: { purpose: 'Nightly receivables: ageing and DSO on accounts, collections for overdue invoices' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
