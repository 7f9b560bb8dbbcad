import { sql, type Kysely } from 'kysely';
import type { Connection, ConnectionStore } from '../connections/connectionStore';
import type { Database } from '../store/schema';
import { xeroConnectionListSchema, type XeroConnectionList } from './contracts/xeroConnections';

/**
 * The Xero organisations of the portal's installation, and nobody else's: the settings page lists
 * them, and a connection ID from another installation is not among them (so it is never shown,
 * reconnected or disconnected from this portal).
 */
export async function installationXeroConnections(
  connections: ConnectionStore,
  portal: Connection,
): Promise<Connection[]> {
  const own = await connections.list({ installationId: portal.installationId });
  return own.filter((c) => c.vendor === 'xero');
}

export async function loadXeroConnections(
  deps: { db: Kysely<Database>; connections: ConnectionStore },
  portal: Connection,
): Promise<XeroConnectionList> {
  const xero = await installationXeroConnections(deps.connections, portal);
  const views = await Promise.all(
    xero.map(async (connection) => ({
      id: connection.id,
      name: connection.displayName,
      status: connection.status,
      lastSyncAt: (await lastSyncAt(deps.db, connection.externalId))?.toISOString() ?? null,
      lastRefreshError: connection.lastRefreshError,
    })),
  );
  return xeroConnectionListSchema.parse({ connections: views });
}

/**
 * When the worker last recorded something it did for this organisation (every sync audit row names
 * its `xeroTenantId`; people's actions, such as a settings save, are not syncs). The subject GIN
 * index (migration 0016) serves the containment.
 */
async function lastSyncAt(db: Kysely<Database>, tenantId: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select('occurred_at')
    .where(sql<boolean>`subject @> ${JSON.stringify({ xeroTenantId: tenantId })}::jsonb`)
    .where('actor', '=', 'worker')
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.occurred_at;
}
