import { condition, defineQuery, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { ConnectionActivities } from '../../worker/activities/connections';
import { storeRead, tokenRefresh } from '../activityOptions';
import { handOver, historyIsLong, type HistoryBoundInput } from '../historyBound';
import { publish, storyQuery } from '../story';
import { shouldRefresh } from './refreshPolicy';

const { describeConnection } = proxyActivities<ConnectionActivities>(storeRead);
const { refreshConnection } = proxyActivities<ConnectionActivities>(tokenRefresh);

/** Sent by the connect flow when a human re-authorised a connection that needed it. */
export const reconnectedSignal = defineSignal('reconnected');

export interface ConnectionRefreshState {
  status: string;
  accessExpiresAt: number | null;
  nextRefreshAt: number | null;
  refreshes: number;
  lastOutcome: string | null;
}
export const refreshStateQuery = defineQuery<ConnectionRefreshState>('refreshState');

export interface ConnectionRefreshInput extends HistoryBoundInput {
  connectionId: string;
  /** Refresh this long before expiry (Xero tokens live 30 minutes; default 5 minutes). */
  marginMs?: number;
  /** While a connection needs re-authorisation, look again this often even without a signal. */
  reauthPollMs?: number;
  /** Carried across continue-as-new. */
  refreshes?: number;
}

/**
 * One per connection (ID `connection:<id>:refresh`): refreshes the access token ahead of expiry on
 * durable timers, survives worker restarts, and parks while the grant needs a human. Refreshing
 * every 25 minutes for months, or parked for weeks, it continues as new before its history grows
 * large: at the top of the loop, where nothing is in flight and the connection is read again at once.
 */
export async function connectionRefreshWorkflow(input: ConnectionRefreshInput): Promise<void> {
  const marginMs = input.marginMs ?? 5 * 60_000;
  const reauthPollMs = input.reauthPollMs ?? 10 * 60_000;
  const state: ConnectionRefreshState = {
    status: 'unknown',
    accessExpiresAt: null,
    nextRefreshAt: null,
    refreshes: input.refreshes ?? 0,
    lastOutcome: null,
  };
  let reconnected = false;
  setHandler(reconnectedSignal, () => void (reconnected = true));
  setHandler(refreshStateQuery, () => state);
  setHandler(storyQuery, () => refreshStory(input.connectionId, state));
  let told = '';
  /** Memo and outcome change only when the status does, not at every refresh. */
  const tell = () => {
    if (told === state.status) return;
    told = state.status;
    const outcome =
      state.status === 'needs_reauth' ? 'needs_reauth' : state.status === 'active' ? 'synced' : 'running';
    publish(refreshStory(input.connectionId, state), { flow: 'connection_refresh', accounts: [], outcome });
  };

  for (;;) {
    // A reconnected signal during the hand-over needs no carrying: the next run reads the status first.
    if (historyIsLong(input))
      await handOver<typeof connectionRefreshWorkflow>(() => [{ ...input, refreshes: state.refreshes }]);
    const connection = await describeConnection(input.connectionId);
    state.status = connection.status;
    state.accessExpiresAt = connection.accessExpiresAt;
    tell();
    if (connection.status === 'disconnected') return;
    if (connection.status === 'needs_reauth') {
      state.nextRefreshAt = null;
      await condition(() => reconnected, reauthPollMs);
      reconnected = false;
      continue;
    }
    const decision = shouldRefresh(
      {
        status: connection.status,
        accessExpiresAt: connection.accessExpiresAt === null ? null : new Date(connection.accessExpiresAt),
        canRenew: connection.canRenew,
      },
      new Date(Date.now()), // workflow time: deterministic on replay
      { marginMs },
    );
    if (decision.should) {
      const outcome = await refreshConnection(input.connectionId);
      state.lastOutcome = outcome.outcome;
      if (outcome.outcome === 'refreshed') state.refreshes++;
    } else if (decision.reason === 'fresh' && decision.refreshAt) {
      state.nextRefreshAt = decision.refreshAt.getTime();
      await condition(() => reconnected, Math.max(1, decision.refreshAt.getTime() - Date.now()));
      reconnected = false;
    } else {
      // No expiry or no refresh token (a static token): nothing to schedule; wake on reconnect.
      await condition(() => reconnected, reauthPollMs);
      reconnected = false;
    }
  }
}

function refreshStory(connectionId: string, state: ConnectionRefreshState): string {
  const when = (ms: number | null) => (ms === null ? 'none' : new Date(ms).toISOString());
  const now =
    state.status === 'needs_reauth'
      ? 'Needs re-authorisation by a person (npm run connect); the sync of its records is paused.'
      : `Status ${state.status}; access token expires ${when(state.accessExpiresAt)}, next refresh ${when(state.nextRefreshAt)}.`;
  return `Connection ${connectionId}: ${now} ${state.refreshes} refreshes so far (last outcome: ${state.lastOutcome ?? 'none'}).`;
}
