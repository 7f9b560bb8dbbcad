import type { Connection, TokenSet } from '../connections/connectionStore';
import { takeRefreshLock } from '../connections/refreshLock';
import type { AuditOutcome, ConnectionStatus, JsonObject } from '../store/schema';
import type { LifecycleDeps } from './lifecycleDeps';
import type { RevocationResult } from './tokenRevocation';
import { connectionScheduleIds, connectionWorkflows, deleteSchedules, stopWorkflows } from './temporalWork';

export class ConnectionNotFoundError extends Error {
  override name = 'ConnectionNotFoundError';
}

export interface DisconnectOutcome {
  connectionId: string;
  vendor: Connection['vendor'];
  account: string;
  /** The status it had before (a second disconnect finds `disconnected`). */
  previousStatus: ConnectionStatus;
  revocation: RevocationResult | { outcome: 'failed'; error: string };
  schedulesDeleted: string[];
  workflows: { cancelled: string[]; terminated: string[] };
}

export const DEFAULT_STOP_GRACE_MS = 10_000;

/**
 * Disconnects one account: marked `disconnected` (under the refresh lock, so no refresh in flight
 * writes over it, and nothing refreshes it again), its tokens revoked at the vendor, its Schedules
 * deleted and its running workflows cancelled (terminated after a grace period), each step audited
 * as `actor`. Running it again on a disconnected connection repeats the vendor and Temporal steps:
 * that is how a revocation the vendor did not answer is tried again. A vendor that cannot be reached
 * does not stop the rest: the outcome says `failed`, and the audit row why.
 */
export async function disconnectConnection(
  deps: LifecycleDeps,
  connectionId: string,
  actor: string,
): Promise<DisconnectOutcome> {
  const connection = await deps.connections.get(connectionId);
  if (!connection) throw new ConnectionNotFoundError(`no connection ${connectionId}`);
  const subject = {
    installationId: connection.installationId,
    connectionId: connection.id,
    vendor: connection.vendor,
    account: connection.externalId,
  };
  const audit = (action: string, outcome: AuditOutcome, detail: JsonObject) =>
    deps.audit.record({ action, outcome, actor, subject, detail });

  // Xero's DELETE /connections needs a live access token: renew it while the connection may still.
  if (connection.status === 'active') await deps.refresh?.refresh(connection.id).catch(() => undefined);
  // Zoho's notification channel is unsubscribed while the token still works (best effort: it lapses
  // within a day anyway, and its callbacks are refused once the connection is disconnected).
  if (connection.vendor === 'zoho' && connection.status === 'active' && deps.zohoWatch)
    await deps.zohoWatch.drop(connection.id).then(
      () => audit('zoho_watch_dropped', 'succeeded', {}),
      (err: unknown) =>
        audit('zoho_watch_dropped', 'failed', { error: err instanceof Error ? err.message : String(err) }),
    );
  const tokens = await markDisconnected(deps, connection, actor);
  await audit('connection_disconnected', 'succeeded', { previousStatus: connection.status });

  const revocation = await revoke(deps, connection, tokens);
  await audit(
    'connection_tokens_revoked',
    revocation.outcome === 'revoked' ? 'succeeded' : revocation.outcome,
    revocation.outcome === 'revoked'
      ? { detail: revocation.detail }
      : revocation.outcome === 'skipped'
        ? { reason: revocation.reason }
        : { error: revocation.error },
  );

  const own = await deps.connections.list({ installationId: connection.installationId });
  const schedulesDeleted = await deleteSchedules(deps.client, connectionScheduleIds(connection, own));
  await audit('connection_schedules_deleted', 'succeeded', { scheduleIds: schedulesDeleted });

  const workflows = await stopWorkflows(deps.client, connectionWorkflows(connection), {
    graceMs: deps.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
    reason: `connection ${connection.id} disconnected by ${actor}`,
  });
  await audit('connection_workflows_stopped', 'succeeded', workflows);

  return {
    connectionId: connection.id,
    vendor: connection.vendor,
    account: connection.externalId,
    previousStatus: connection.status,
    revocation,
    schedulesDeleted,
    workflows,
  };
}

/** Sets the status under the refresh lock and returns the tokens as they are then (undefined: unreadable). */
async function markDisconnected(
  deps: LifecycleDeps,
  connection: Connection,
  actor: string,
): Promise<TokenSet | undefined> {
  return deps.db.transaction().execute(async (trx) => {
    const connections = deps.connections.withDb(trx);
    await takeRefreshLock(trx, connection);
    const tokens = await connections
      .readTokens(connection.id)
      .then((opened) => opened.tokens)
      .catch(() => undefined);
    await connections.setStatus(connection.id, 'disconnected', `disconnected by ${actor}`);
    return tokens;
  });
}

async function revoke(
  deps: LifecycleDeps,
  connection: Connection,
  tokens: TokenSet | undefined,
): Promise<DisconnectOutcome['revocation']> {
  if (!tokens) return { outcome: 'skipped', reason: 'no readable credentials' };
  try {
    const siblings = await deps.connections.siblings(connection);
    const grantStillUsed = siblings.some((s) => s.status !== 'disconnected');
    return await deps.revokers[connection.vendor].revoke(connection, tokens, { grantStillUsed });
  } catch (err) {
    return { outcome: 'failed', error: err instanceof Error ? err.message : String(err) };
  }
}
