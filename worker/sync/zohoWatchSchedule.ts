import { ScheduleAlreadyRunning, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { zohoWatchRenewalWorkflow } from '../../workflows/crm/zohoWatchRenewal';
import { installationPriority } from '../temporal/fairness';

/** Zoho's channels are asked for a day ahead: four renewals a day leave three to fail. */
export const ZOHO_WATCH_EVERY_MS = 6 * 3600_000;

/** The channel renewal Schedule of one Zoho connection (its runs carry the same ID). */
export function zohoWatchScheduleId(connectionId: string): string {
  return `zoho-watch:${connectionId}`;
}

/**
 * One Schedule per Zoho connection, `zoho-watch:<connection>`, whose first run starts at once (the
 * channel is enabled as the connection is made) and then every 6 hours; overlapping runs are skipped.
 * Idempotent: an existing Schedule is kept, and run once now.
 */
export async function ensureZohoWatchSchedule(
  client: Client,
  taskQueue: string,
  connectionId: string,
  options: { everyMs?: number; installation?: string } = {},
): Promise<void> {
  const id = zohoWatchScheduleId(connectionId);
  try {
    await client.schedule.create({
      scheduleId: id,
      spec: { intervals: [{ every: options.everyMs ?? ZOHO_WATCH_EVERY_MS }] },
      policies: { overlap: ScheduleOverlapPolicy.SKIP },
      state: { triggerImmediately: true },
      action: {
        type: 'startWorkflow',
        workflowType: zohoWatchRenewalWorkflow,
        workflowId: id,
        args: [{ connectionId }],
        taskQueue,
        ...installationPriority(options.installation),
      },
      memo: { purpose: 'Keeps the Zoho notification channel alive: enabled, renewed before it lapses' },
    });
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
    // Made before: look at the channel now all the same (a reconnect or a restart may find it gone,
    // e.g. the sandbox's, which forgets its channels; a channel in order costs one read).
    await client.schedule.getHandle(id).trigger(ScheduleOverlapPolicy.SKIP);
  }
}
