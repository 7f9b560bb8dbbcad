import type { Kysely } from 'kysely';
import type { Logger } from '../logger';
import type { Database } from '../store/schema';
import type { ConnectionStore, TokenSet } from './connectionStore';
import { shouldRefresh } from '../../workflows/connections/refreshPolicy';
import { takeRefreshLock } from './refreshLock';
import { canRenew, InvalidGrantError, type TokenRefresher } from './tokenRefresher';

export type RefreshOutcome =
  | { outcome: 'refreshed' | 'already_fresh'; version: number; accessExpiresAt: Date | null }
  | { outcome: 'needs_reauth'; reason: string; newlyRevoked?: boolean };

export interface RefreshRequest {
  /** A call failed with 401 using this credentials version: refresh unless someone already did. */
  unauthorizedWithVersion?: number;
}

/**
 * Refreshes a connection's tokens with at most one refresh in flight per connection, across every
 * worker process: callers in this process share one promise; processes serialise on an advisory
 * lock and re-check freshness after taking it. The rotated refresh token is committed before the
 * new tokens are handed to anyone, because a Xero refresh token used twice can kill the grant.
 */
export class RefreshService {
  private readonly inFlight = new Map<string, Promise<RefreshOutcome>>();

  constructor(
    private readonly deps: {
      db: Kysely<Database>;
      connections: ConnectionStore;
      refresherFor(vendor: string): TokenRefresher;
      logger: Logger;
      marginMs: number;
      now?: () => Date;
      onNeedsReauth?(connectionId: string, reason: string): Promise<void>;
    },
  ) {}

  refresh(connectionId: string, request: RefreshRequest = {}): Promise<RefreshOutcome> {
    const existing = this.inFlight.get(connectionId);
    if (existing) return existing;
    const run = this.refreshUnderLock(connectionId, request)
      .then(async (result) => {
        if (result.outcome === 'needs_reauth' && result.newlyRevoked)
          await this.deps.onNeedsReauth?.(connectionId, result.reason);
        return result;
      })
      .catch(async (err: unknown) => {
        // Recorded outside the (rolled back) transaction; PGlite has one connection, held by it.
        await this.deps.connections.recordRefreshFailure(
          connectionId,
          err instanceof Error ? err.message : String(err),
        );
        throw err;
      })
      .finally(() => this.inFlight.delete(connectionId));
    this.inFlight.set(connectionId, run);
    return run;
  }

  private async refreshUnderLock(connectionId: string, request: RefreshRequest): Promise<RefreshOutcome> {
    const now = this.deps.now ?? (() => new Date());
    return this.deps.db.transaction().execute(async (trx) => {
      const connections = this.deps.connections.withDb(trx);
      const peek = await connections.get(connectionId);
      if (!peek) throw new Error(`no connection ${connectionId}`);
      await takeRefreshLock(trx, peek);
      const { tokens, version, connection } = await connections.readTokens(connectionId);
      if (connection.status !== 'active') {
        return { outcome: 'needs_reauth', reason: connection.lastRefreshError ?? connection.status };
      }
      const sawUnauthorized =
        request.unauthorizedWithVersion !== undefined && request.unauthorizedWithVersion >= version;
      if (sawUnauthorized && !canRenew(this.deps.refresherFor(connection.vendor), tokens)) {
        // A refused token that cannot be renewed (a static token revoked or replaced): a human must
        // reconnect; retrying it would only hammer the vendor.
        const reason = 'access token refused and it cannot be renewed';
        await connections.setStatus(connectionId, 'needs_reauth', reason);
        this.deps.logger.warn({ connectionId, vendor: connection.vendor }, reason);
        return { outcome: 'needs_reauth', reason, newlyRevoked: true };
      }
      const decision = shouldRefresh(
        {
          status: connection.status,
          accessExpiresAt: connection.accessExpiresAt,
          canRenew: canRenew(this.deps.refresherFor(connection.vendor), tokens),
        },
        now(),
        { marginMs: this.deps.marginMs, sawUnauthorized },
      );
      if (!decision.should)
        return { outcome: 'already_fresh', version, accessExpiresAt: connection.accessExpiresAt };

      let fresh: TokenSet;
      try {
        fresh = await this.deps.refresherFor(connection.vendor).refresh(connection, tokens);
      } catch (err) {
        if (err instanceof InvalidGrantError) {
          await connections.setStatus(connectionId, 'needs_reauth', `invalid_grant: ${err.message}`);
          for (const sibling of await connections.siblings(connection)) {
            await connections.setStatus(sibling.id, 'needs_reauth', `invalid_grant: ${err.message}`);
          }
          this.deps.logger.warn(
            { connectionId, vendor: connection.vendor },
            'grant revoked or expired: connection needs re-authorisation',
          );
          return { outcome: 'needs_reauth', reason: err.message, newlyRevoked: true };
        }
        throw err;
      }
      // Vendors that do not rotate refresh tokens (HubSpot, Salesforce) answer without one.
      const next: TokenSet = { ...fresh, refreshToken: fresh.refreshToken ?? tokens.refreshToken };
      if (!(await connections.replaceTokens(connectionId, version, next, now()))) {
        throw new Error(`credentials of ${connectionId} changed under the refresh lock`);
      }
      for (const sibling of await connections.siblings(connection)) {
        await connections.replaceTokens(sibling.id, sibling.credentialsVersion, next, now());
      }
      this.deps.logger.info(
        { connectionId, vendor: connection.vendor, reason: decision.reason },
        'tokens refreshed',
      );
      return {
        outcome: 'refreshed',
        version: version + 1,
        accessExpiresAt: next.expiresAt ? new Date(next.expiresAt) : null,
      };
    });
  }
}
