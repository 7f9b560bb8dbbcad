import { sql, type Kysely } from 'kysely';
import type { Connection } from '../connections/connectionStore';
import { scrubText } from '../logger';
import type { Database } from '../store/schema';

/** One connection's health as the CRM packages show it (Salesforce: Ledgerbridge_Sync_Status__c). */
export interface ConnectionHealth {
  /** `<vendor>:<account>`: stable, so each report updates the same record. */
  key: string;
  /** Vendor and account name, e.g. `xero:Demo Company (UK)`. */
  connection: string;
  status: string;
  lastSuccessAt: Date | null;
  lastFailureAt: Date | null;
  lastError: string | null;
  failures24h: number;
}

const DAY_MS = 86_400_000;
// How far back a last success is looked for: older than this shows as never (keeps the scan short).
const SUCCESS_LOOKBACK_MS = 7 * DAY_MS;

/**
 * From the audit trail (one row per write, with the connection in its subject) and the connection's
 * own refresh state: when it last worked, how often it failed in the last 24 hours and why it
 * failed last. Xero connections are matched by tenant, CRM connections by connection ID.
 */
export async function connectionHealth(
  db: Kysely<Database>,
  connections: Connection[],
  now: Date,
): Promise<ConnectionHealth[]> {
  const out: ConnectionHealth[] = [];
  for (const c of connections) {
    const subject = JSON.stringify(
      c.vendor === 'xero' ? { xeroTenantId: c.externalId } : { crmConnectionId: c.id },
    );
    const success = await db
      .selectFrom('audit_log')
      .select('occurred_at')
      .where(sql<boolean>`subject @> ${subject}::jsonb`)
      .where('outcome', '=', 'succeeded')
      .where('occurred_at', '>', new Date(now.getTime() - SUCCESS_LOOKBACK_MS))
      .orderBy('occurred_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const failures = await db
      .selectFrom('audit_log')
      .select(['occurred_at', sql<string | null>`detail->>'error'`.as('error')])
      .where(sql<boolean>`subject @> ${subject}::jsonb`)
      .where('outcome', '=', 'failed')
      .where('occurred_at', '>', new Date(now.getTime() - DAY_MS))
      .orderBy('occurred_at', 'desc')
      .execute();
    const lastFailure = failures[0];
    // A token refresh that fails (a revoked grant) is the reason that matters most.
    const refreshError = c.status === 'active' ? null : c.lastRefreshError;
    const lastError = refreshError ?? lastFailure?.error ?? null;
    out.push({
      key: `${c.vendor}:${c.externalId}`,
      connection: `${c.vendor}:${c.displayName}`.slice(0, 80),
      status: c.status,
      lastSuccessAt: success?.occurred_at ?? (c.lastRefreshError ? null : c.lastRefreshAt),
      lastFailureAt: lastFailure?.occurred_at ?? null,
      lastError: lastError === null ? null : scrubText(lastError).slice(0, 32_768),
      failures24h: failures.length,
    });
  }
  return out;
}
