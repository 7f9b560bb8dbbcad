import { sql, type Kysely } from 'kysely';
import type { Connection } from '../connections/connectionStore';
import type { Database, JsonObject } from '../store/schema';
import type { RecentFailure } from './contracts/syncHealth';

const WINDOW_MS = 24 * 60 * 60_000;
const LIMIT = 20;

/**
 * How failed audit rows name a portal's sync: the Xero-to-CRM writes by `crmConnectionId`, a stuck
 * deal by `crm` + `crmAccount`, a revoked grant by `connectionId` (this portal's, or the Xero
 * organisation's, which pauses this portal's sync as well).
 */
export function failureShapes(portal: Connection, xero: Connection | undefined): JsonObject[] {
  return [
    { crmConnectionId: portal.id },
    { crm: 'hubspot', crmAccount: portal.externalId },
    { connectionId: portal.id },
    ...(xero ? [{ connectionId: xero.id }] : []),
  ];
}

/**
 * The newest failed rows of the last 24 hours matching any shape: the subject GIN index (migration
 * 0016) and the occurred_at index keep this a small read however long the log is.
 */
export async function recentFailures(
  db: Kysely<Database>,
  shapes: JsonObject[],
  now: number,
): Promise<RecentFailure[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select(['action', 'occurred_at', 'detail'])
    .where('outcome', '=', 'failed')
    .where('occurred_at', '>', new Date(now - WINDOW_MS))
    .where((eb) => eb.or(shapes.map((shape) => eb(sql`subject`, '@>', sql`${JSON.stringify(shape)}::jsonb`))))
    .orderBy('occurred_at', 'desc')
    .limit(LIMIT)
    .execute();
  return rows.map((row) => ({
    action: row.action,
    occurredAt: row.occurred_at.toISOString(),
    error: errorOf(row.detail),
  }));
}

/** Sync failures say `error`; a revoked grant says `reason`. */
function errorOf(detail: JsonObject): string | null {
  const said = detail.error ?? detail.reason;
  return typeof said === 'string' ? said : null;
}
