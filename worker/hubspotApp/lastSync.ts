import { sql, type Kysely } from 'kysely';
import type { JsonObject, Database } from '../store/schema';
import type { LastSync } from './contracts/cardData';

/**
 * The newest audit row about a CRM record: what the cards show as "last sync". Rows name records
 * in their `subject`; a record matches when the subject contains any one of the given shapes (the
 * Xero-to-CRM flow names `crmRecordId`, the deal flow `crmDealId`). Migration 0016 indexes it.
 */
export async function lastSyncOf(db: Kysely<Database>, shapes: JsonObject[]): Promise<LastSync | null> {
  if (shapes.length === 0) return null;
  const row = await db
    .selectFrom('audit_log')
    .select(['occurred_at', 'action', 'outcome'])
    .where((eb) => eb.or(shapes.map((shape) => eb(sql`subject`, '@>', sql`${JSON.stringify(shape)}::jsonb`))))
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { at: row.occurred_at.toISOString(), action: row.action, outcome: row.outcome } : null;
}

/** The newest failed row's error, when it is newer than any success: a problem still standing. */
export async function standingFailure(db: Kysely<Database>, shapes: JsonObject[]): Promise<string | null> {
  if (shapes.length === 0) return null;
  const row = await db
    .selectFrom('audit_log')
    .select(['outcome', 'detail'])
    .where((eb) => eb.or(shapes.map((shape) => eb(sql`subject`, '@>', sql`${JSON.stringify(shape)}::jsonb`))))
    .where('outcome', 'in', ['succeeded', 'failed'])
    .orderBy('occurred_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row?.outcome !== 'failed') return null;
  const error = row.detail.error;
  return typeof error === 'string' ? error : 'The last sync failed.';
}
