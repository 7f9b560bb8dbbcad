import type { ZohoWatchKeeper, ZohoWatchOutcome } from '../connectors/zoho/zohoWatchChannel';

export interface ZohoWatchDeps {
  /** Keeps each Zoho connection's notification channel (connectors/zoho/zohoWatchChannel.ts). */
  zohoWatch: Pick<ZohoWatchKeeper, 'keep'>;
}

/**
 * The Schedule `zoho-watch:<connection>`'s one activity: idempotent (it reads what Zoho holds
 * before it writes; a retry after a renewal writes nothing).
 */
export function createZohoWatchActivities(deps: ZohoWatchDeps) {
  return {
    keepZohoWatchChannel(input: { connectionId: string }): Promise<ZohoWatchOutcome> {
      return deps.zohoWatch.keep(input.connectionId);
    },
  };
}

export type ZohoWatchActivities = ReturnType<typeof createZohoWatchActivities>;
