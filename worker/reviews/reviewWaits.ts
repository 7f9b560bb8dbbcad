import { sql, type Kysely } from 'kysely';
import type { XeroRecordCategory } from '../../workflows/xero/recordIds';
import type { Database } from '../store/schema';

/** A Xero record whose sync could not finish in one CRM until a person decides its contact. */
export interface ReviewWait {
  crmConnectionId: string;
  xeroTenantId: string;
  xeroContactId: string;
  category: XeroRecordCategory;
  xeroRecordId: string;
}

/**
 * Which Xero records wait on a contact's review (migration 0026's contact_review_waits). A sync that
 * queued its contact adds itself; a decision takes them all (resumed). Waiting again after a resume
 * (the contact queued once more) makes the row pending again.
 */
export class ReviewWaits {
  constructor(private readonly db: Kysely<Database>) {}

  async add(waits: ReviewWait[]): Promise<void> {
    if (waits.length === 0) return;
    await this.db
      .insertInto('contact_review_waits')
      .columns([
        'installation_id',
        'crm_connection_id',
        'xero_tenant_id',
        'xero_contact_id',
        'category',
        'xero_record_id',
      ])
      .expression(
        sql`select c.installation_id, c.id, w.xero_tenant_id, w.xero_contact_id, w.category, w.xero_record_id
              from unnest(${waits.map((w) => w.crmConnectionId)}::uuid[], ${waits.map((w) => w.xeroTenantId)}::text[],
                          ${waits.map((w) => w.xeroContactId.toLowerCase())}::text[], ${waits.map((w) => w.category)}::text[],
                          ${waits.map((w) => w.xeroRecordId.toLowerCase())}::text[])
                as w(crm_connection_id, xero_tenant_id, xero_contact_id, category, xero_record_id)
              join connections c on c.id = w.crm_connection_id`,
      )
      .onConflict((oc) =>
        oc
          .columns(['crm_connection_id', 'xero_contact_id', 'category', 'xero_record_id'])
          .doUpdateSet({ resumed_at: null }),
      )
      .execute();
  }

  /** How many records wait on each of these contacts in one CRM connection. */
  async counts(
    crmContacts: Array<{ crmConnectionId: string; xeroContactId: string }>,
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (crmContacts.length === 0) return counts;
    const { rows } = await sql<{ crm_connection_id: string; xero_contact_id: string; waiting: number }>`
      select w.crm_connection_id, w.xero_contact_id, count(*)::int as waiting
        from contact_review_waits w
        join unnest(${crmContacts.map((c) => c.crmConnectionId)}::uuid[], ${crmContacts.map((c) => c.xeroContactId.toLowerCase())}::text[])
          as k(crm_connection_id, xero_contact_id)
          on k.crm_connection_id = w.crm_connection_id and k.xero_contact_id = w.xero_contact_id
       where w.resumed_at is null
       group by w.crm_connection_id, w.xero_contact_id`.execute(this.db);
    for (const row of rows) counts.set(waitKey(row.crm_connection_id, row.xero_contact_id), row.waiting);
    return counts;
  }

  /** The records still waiting on a contact in one CRM connection. */
  async pending(crmConnectionId: string, xeroContactId: string): Promise<Array<ReviewWait & { id: string }>> {
    const rows = await this.db
      .selectFrom('contact_review_waits')
      .select(['id', 'crm_connection_id', 'xero_tenant_id', 'xero_contact_id', 'category', 'xero_record_id'])
      .where('crm_connection_id', '=', crmConnectionId)
      .where('xero_contact_id', '=', xeroContactId.toLowerCase())
      .where('resumed_at', 'is', null)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      crmConnectionId: r.crm_connection_id,
      xeroTenantId: r.xero_tenant_id,
      xeroContactId: r.xero_contact_id,
      category: r.category,
      xeroRecordId: r.xero_record_id,
    }));
  }

  async markResumed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('contact_review_waits')
      .set({ resumed_at: sql`now()` })
      .where('id', 'in', ids)
      .execute();
  }
}

export function waitKey(crmConnectionId: string, xeroContactId: string): string {
  return `${crmConnectionId}:${xeroContactId.toLowerCase()}`;
}
