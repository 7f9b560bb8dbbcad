import { proxyActivities, setHandler } from '@temporalio/workflow';
import { publish, storyQuery } from '../story';
import type { XeroPollActivities } from '../../worker/activities/xeroPoll';
import { scheduledPull } from '../activityOptions';

const { pullXeroChanges } = proxyActivities<XeroPollActivities>(scheduledPull);

/**
 * Started by the Schedule `xero-poll:<tenantId>`: pulls what changed in Xero since the last pull
 * (If-Modified-Since) and hands each record to its sync workflow, so nothing that changed in Xero
 * stays unsynced when a webhook is lost.
 */
export async function xeroPollWorkflow(input: {
  tenantId: string;
}): Promise<{ invoices: number; contacts: number }> {
  let story = `Pulling what changed in Xero organisation ${input.tenantId} since the last pull.`;
  setHandler(storyQuery, () => story);
  publish(story, { flow: 'xero_poll', accounts: [input.tenantId], outcome: 'running' });
  const counts = await pullXeroChanges(input);
  story = `Pulled Xero organisation ${input.tenantId}: ${counts.invoices} invoices and ${counts.contacts} contacts handed to their workflows.`;
  publish(story, { flow: 'xero_poll', accounts: [input.tenantId], outcome: 'synced' });
  return counts;
}
