import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';

export interface LinkedCrmRecord {
  crm: string;
  crmConnectionId: string;
  crmRecordId: string;
}

/**
 * The CRM deals or opportunities written for a Xero invoice, newest write first per connection, as
 * the audit trail recorded them: what the workflow puts in its CrmRecordId search attribute and
 * where a stuck invoice's problem is shown.
 */
export async function linkedCrmRecords(
  db: Kysely<Database>,
  xeroInvoiceId: string,
): Promise<LinkedCrmRecord[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select([
      sql<string>`subject->>'crm'`.as('crm'),
      sql<string>`subject->>'crmConnectionId'`.as('crmConnectionId'),
      sql<string>`subject->>'crmRecordId'`.as('crmRecordId'),
    ])
    .where('action', '=', 'upsert_deal')
    .where('outcome', '=', 'succeeded')
    .where(sql<boolean>`subject->>'xeroInvoiceId' = ${xeroInvoiceId}`)
    .orderBy('occurred_at', 'desc')
    .limit(50)
    .execute();
  const newest = new Map<string, LinkedCrmRecord>();
  for (const row of rows)
    if (row.crmRecordId && row.crmConnectionId && !newest.has(row.crmConnectionId))
      newest.set(row.crmConnectionId, row);
  return [...newest.values()];
}
