import { proxyActivities, setHandler } from '@temporalio/workflow';
import { publish, storyQuery } from '../story';
import type { CrmWonPollActivities } from '../../worker/activities/crmWonPoll';
import type { DealRef } from '../../worker/activities/dealToXero';
import { scheduledPull } from '../activityOptions';

const { pollWonDeals } = proxyActivities<CrmWonPollActivities>(scheduledPull);

/** Started by the Schedule `crm-won-poll:<crm>:<account>`: won deals whose notice never came. */
export async function crmWonPollWorkflow(
  input: Pick<DealRef, 'crm' | 'crmAccount'>,
): Promise<{ dispatched: number }> {
  let story = `Looking for won ${input.crm} deals without an invoice in ${input.crmAccount}.`;
  setHandler(storyQuery, () => story);
  publish(story, { flow: 'crm_won_poll', accounts: [input.crmAccount], outcome: 'running' });
  const result = await pollWonDeals(input);
  story = `Looked in ${input.crm} ${input.crmAccount}: ${result.dispatched} won deals handed to their workflows.`;
  publish(story, { flow: 'crm_won_poll', accounts: [input.crmAccount], outcome: 'synced' });
  return result;
}
