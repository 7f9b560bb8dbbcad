import type { XeroRecordSyncInput, XeroRecordSyncState } from './xeroRecordSync';

/** The record's sync in words, for the `story` query and memo. */
export function xeroRecordStory(input: XeroRecordSyncInput, state: XeroRecordSyncState): string {
  const record = `Xero ${input.category.toLowerCase()} ${state.xeroNumber ?? input.resourceId}`;
  const counts = `${state.syncs} of ${state.attempts} sync${state.attempts === 1 ? '' : 's'} succeeded; ${state.changesSeen} change${state.changesSeen === 1 ? '' : 's'} seen`;
  const crm = state.crmRecordIds.length > 0 ? ` CRM records: ${state.crmRecordIds.join(', ')}.` : '';
  const ignored = state.lastIgnoredSignal ? ` Note: ${state.lastIgnoredSignal}.` : '';
  const now = ((): string => {
    switch (state.step) {
      case 'syncing':
        return 'Syncing it to the CRMs now.';
      case 'paused_needs_reauth':
        return `Paused: a connection needs re-authorisation (${state.lastError ?? 'unknown error'}); it resumes once reconnected.`;
      case 'waiting_for_human':
        return `Waiting for a person since ${state.waitingSince ?? '?'}: the sync failed after its retries with "${state.lastError ?? 'unknown error'}". Send the signal retry, or skip with a reason.`;
      case 'idle':
        return `Finished: no change for a while (last outcome: ${state.lastOutcome ?? 'none'}).`;
      case 'waiting':
        return state.lastOutcome
          ? `Up to date (last outcome: ${state.lastOutcome}); waiting for the next change.`
          : 'Waiting for its first change.';
    }
  })();
  return `${record}: ${now} ${counts}.${crm}${ignored}`;
}
