import { continueAsNew, proxyActivities } from '@temporalio/workflow';
import { orderStep, scheduledPull } from '../activityOptions';
import type { OrderActivities } from './orderActivityTypes';

const { monthEndGroups } = proxyActivities<OrderActivities>(scheduledPull);
const { invoiceMonthEndGroup } = proxyActivities<OrderActivities>(orderStep);

export interface MonthEndResult {
  groups: number;
  invoices: number;
  orders: number;
}

/**
 * Started by the Schedule `orders-month-end:<installation>` on the 1st of each month (in the
 * installation's time zone): every customer's account orders of the closed months become one Xero
 * invoice each, one line per order. A group frozen by a run that stopped is finished by the next.
 * Groups go one at a time (Xero's per-organisation limits are the pace); past GROUPS_PER_RUN the
 * run continues as new with its counts, so its history stays small however many customers.
 */
export async function monthEndBillingWorkflow(input: {
  installationId: string;
  carried?: MonthEndResult;
}): Promise<MonthEndResult> {
  const groups = await monthEndGroups({ installationId: input.installationId });
  const result = { ...(input.carried ?? { groups: 0, invoices: 0, orders: 0 }) };
  for (const [i, group] of groups.entries()) {
    if (i === GROUPS_PER_RUN)
      return continueAsNew<typeof monthEndBillingWorkflow>({
        installationId: input.installationId,
        carried: result,
      });
    const made = await invoiceMonthEndGroup({ installationId: input.installationId, group });
    result.groups++;
    if (made.xeroInvoiceId) result.invoices++;
    result.orders += made.orders;
  }
  return result;
}

const GROUPS_PER_RUN = 500;
