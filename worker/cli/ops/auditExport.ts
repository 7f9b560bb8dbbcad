import type { OpsContext } from './opsContext';

const PAGE = 500;
const COLUMNS = [
  'occurred_at',
  'action',
  'outcome',
  'actor',
  'workflow_id',
  'run_id',
  'subject',
  'detail',
] as const;

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** `ops audit-export --since <date> [--until <date>]`: the audit trail as CSV on stdout. */
export async function auditExportCommand(
  ctx: OpsContext,
  range: { since: Date; until?: Date },
): Promise<number> {
  const db = await ctx.db();
  ctx.write(`${COLUMNS.join(',')}\n`);
  let count = 0;
  // Pages (PGlite cannot stream) in a stable order; new rows land after the pages already read.
  for (let offset = 0; ; offset += PAGE) {
    let query = db
      .selectFrom('audit_log')
      .select([
        'id',
        'occurred_at',
        'action',
        'outcome',
        'actor',
        'workflow_id',
        'run_id',
        'subject',
        'detail',
      ])
      .where('occurred_at', '>=', range.since)
      .orderBy('occurred_at')
      .orderBy('id')
      .limit(PAGE)
      .offset(offset);
    if (range.until) query = query.where('occurred_at', '<', range.until);
    const rows = await query.execute();
    for (const row of rows) {
      const cells = [
        new Date(row.occurred_at).toISOString(),
        row.action,
        row.outcome,
        row.actor,
        row.workflow_id ?? '',
        row.run_id ?? '',
        JSON.stringify(row.subject),
        JSON.stringify(row.detail),
      ];
      ctx.write(`${cells.map(csvField).join(',')}\n`);
      count++;
    }
    if (rows.length < PAGE) break;
  }
  return count;
}
