import { proxyActivities, setHandler } from '@temporalio/workflow';
import type { ZohoWatchActivities } from '../../worker/activities/zohoWatch';
import { scheduledPull } from '../activityOptions';
import { storyQuery } from '../story';

const { keepZohoWatchChannel } = proxyActivities<ZohoWatchActivities>(scheduledPull);

/**
 * Started by the Schedule `zoho-watch:<connection>`: the connection's Zoho notification channel
 * enabled, or renewed before it lapses (Zoho stops calling back at its expiry).
 */
export async function zohoWatchRenewalWorkflow(input: { connectionId: string }): Promise<string> {
  let story = `Keeping the Zoho notification channel of connection ${input.connectionId} alive.`;
  setHandler(storyQuery, () => story);
  const result = await keepZohoWatchChannel(input);
  story =
    result.outcome === 'skipped'
      ? `Zoho channel of connection ${input.connectionId} not kept: ${result.reason}.`
      : `Zoho channel ${result.channelId} ${result.outcome}, until ${result.expiresAt}.`;
  return story;
}
