import type { ConnectionStore } from '../connections/connectionStore';
import type { RefreshService } from '../connections/refreshService';
import { canRenew, type TokenRefresher } from '../connections/tokenRefresher';

/** What the refresh workflow may know about a connection: state and timing, never a token. */
export interface ConnectionSnapshot {
  status: 'active' | 'needs_reauth' | 'disconnected';
  accessExpiresAt: number | null;
  canRenew: boolean;
  credentialsVersion: number;
}

export function createConnectionActivities(deps: {
  connections: ConnectionStore;
  refresh: RefreshService;
  refresherFor(vendor: string): TokenRefresher;
}) {
  return {
    async describeConnection(connectionId: string): Promise<ConnectionSnapshot> {
      const { tokens, version, connection } = await deps.connections.readTokens(connectionId);
      return {
        status: connection.status,
        accessExpiresAt: connection.accessExpiresAt?.getTime() ?? null,
        canRenew: canRenew(deps.refresherFor(connection.vendor), tokens),
        credentialsVersion: version,
      };
    },

    /** Refreshes if still due (another process may have done it); reports the outcome, no tokens. */
    async refreshConnection(
      connectionId: string,
    ): Promise<
      | { outcome: 'refreshed' | 'already_fresh'; version: number }
      | { outcome: 'needs_reauth'; reason: string }
    > {
      const result = await deps.refresh.refresh(connectionId);
      return result.outcome === 'needs_reauth'
        ? { outcome: 'needs_reauth', reason: result.reason }
        : { outcome: result.outcome, version: result.version };
    },
  };
}

export type ConnectionActivities = ReturnType<typeof createConnectionActivities>;
