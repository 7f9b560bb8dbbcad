import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { monthEndScheduleId } from '../../workflows/orders/orderIds';
import { monthEndBillingWorkflow } from '../../workflows/orders/monthEndBilling';
import { installationPriority } from '../temporal/fairness';

/**
 * One Temporal Schedule per installation with an order endpoint, `orders-month-end:<installation>`,
 * at 00:30 on the 1st of each month in the installation's time zone (settings.payments.timeZone),
 * visible and pausable in the Temporal UI; a missed run is caught up (the workflow invoices every
 * closed month still open). Already there: left as it is.
 */
export async function ensureMonthEndSchedule(
  client: Client,
  taskQueue: string,
  installationId: string,
  options: { timeZone: string; installationSlug?: string },
): Promise<void> {
  try {
    await client.schedule.create({
      scheduleId: monthEndScheduleId(installationId),
      spec: { calendars: [{ dayOfMonth: 1, hour: 0, minute: 30 }], timezone: options.timeZone },
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
      action: {
        type: 'startWorkflow',
        workflowType: monthEndBillingWorkflow,
        workflowId: monthEndScheduleId(installationId),
        args: [{ installationId }],
        taskQueue,
        ...installationPriority(options.installationSlug),
      },
      memo: { purpose: "Month-end billing: each account customer's orders of the month as one Xero invoice" },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
}
