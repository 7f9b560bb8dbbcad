import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';

/** One line of `npm run connections`: everything ops ask about a connection, nothing secret. */
export interface ConnectionReportRow {
  vendor: string;
  account: string;
  externalId: string;
  status: string;
  scopes: string[];
  accessExpiresAt: Date | null;
  lastRefreshAt: Date | null;
  lastRefreshError: string | null;
  dailyRemaining: number | null;
  budgetObservedAt: Date | null;
}

export async function connectionReport(db: Kysely<Database>): Promise<ConnectionReportRow[]> {
  const rows = await db
    .selectFrom('connections as c')
    .leftJoin('api_budget as b', (join) =>
      // Budgets are kept per pace key, which for every vendor is `vendor:externalId`.
      join.on('b.pace_key', '=', sql<string>`${sql.ref('c.vendor')} || ':' || ${sql.ref('c.external_id')}`),
    )
    .select([
      'c.vendor',
      'c.display_name',
      'c.external_id',
      'c.status',
      'c.scopes',
      'c.access_expires_at',
      'c.last_refresh_at',
      'c.last_refresh_error',
      'b.daily_remaining',
      'b.observed_at',
    ])
    .orderBy('c.vendor')
    .orderBy('c.display_name')
    .execute();
  return rows.map((r) => ({
    vendor: r.vendor,
    account: r.display_name,
    externalId: r.external_id,
    status: r.status,
    scopes: r.scopes,
    accessExpiresAt: r.access_expires_at,
    lastRefreshAt: r.last_refresh_at,
    lastRefreshError: r.last_refresh_error,
    dailyRemaining: r.daily_remaining,
    budgetObservedAt: r.observed_at,
  }));
}

function relative(date: Date | null, now: Date): string {
  if (!date) return '-';
  const minutes = Math.round((date.getTime() - now.getTime()) / 60_000);
  if (Math.abs(minutes) < 1) return 'now';
  const span =
    Math.abs(minutes) >= 120 ? `${Math.round(Math.abs(minutes) / 60)} h` : `${Math.abs(minutes)} min`;
  return minutes > 0 ? `in ${span}` : `${span} ago`;
}

/** A plain-text table for the terminal. */
export function formatConnectionReport(rows: ConnectionReportRow[], now = new Date()): string {
  if (rows.length === 0)
    return 'No connections yet. Connect one with `npm run connect -- xero|salesforce|hubspot`.';
  const header = [
    'VENDOR',
    'ACCOUNT',
    'ID',
    'STATUS',
    'SCOPES',
    'TOKEN EXPIRES',
    'LAST REFRESH',
    'DAILY BUDGET LEFT',
  ];
  const lines = rows.map((r) => [
    r.vendor,
    r.account,
    r.externalId,
    r.lastRefreshError && r.status !== 'active' ? `${r.status} (${r.lastRefreshError})` : r.status,
    r.scopes.join(' '),
    relative(r.accessExpiresAt, now),
    relative(r.lastRefreshAt, now),
    r.dailyRemaining === null ? '-' : `${r.dailyRemaining} (seen ${relative(r.budgetObservedAt, now)})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  return [header, ...lines]
    .map((cols) =>
      cols
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
