import { proxyActivities } from '@temporalio/workflow';
import type { CrmWonPollActivities } from '../../worker/activities/crmWonPoll';
import type { DealRef } from '../../worker/activities/dealToXero';

const { pollWonDeals } = proxyActivities<CrmWonPollActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes', maximumAttempts: 5 },
});

/** Started by the Schedule `crm-won-poll:<crm>:<account>`: won deals whose notice never came. */
export async function crmWonPollWorkflow(
  input: Pick<DealRef, 'crm' | 'crmAccount'>,
): Promise<{ dispatched: number }> {
  return pollWonDeals(input);
}
