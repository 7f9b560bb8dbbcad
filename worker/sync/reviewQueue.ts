import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';

export interface ContactReview {
  crmConnectionId: string;
  xeroTenantId: string;
  xeroContactId: string;
  contactName: string;
  reason: 'ambiguous' | 'no_match';
  rule: string | undefined;
  /** The CRM records a human chooses between (id and name). */
  candidates: Array<{ crmId: string; name: string }>;
}

/** Contacts waiting for a human to link them; one open row per contact and CRM connection. */
export class ReviewQueue {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(review: ContactReview): Promise<void> {
    await this.db
      .insertInto('contact_reviews')
      .values({
        crm_connection_id: review.crmConnectionId,
        xero_tenant_id: review.xeroTenantId,
        xero_contact_id: review.xeroContactId,
        contact_name: review.contactName,
        reason: review.reason,
        rule: review.rule ?? null,
        candidates: JSON.stringify(review.candidates),
      })
      .onConflict((oc) =>
        oc.columns(['crm_connection_id', 'xero_contact_id']).doUpdateSet({
          contact_name: review.contactName,
          reason: review.reason,
          rule: review.rule ?? null,
          candidates: JSON.stringify(review.candidates),
          updated_at: sql`now()`,
          resolved_at: null,
        }),
      )
      .execute();
  }

  async resolve(crmConnectionId: string, xeroContactId: string): Promise<void> {
    await this.db
      .updateTable('contact_reviews')
      .set({ resolved_at: sql`now()` })
      .where('crm_connection_id', '=', crmConnectionId)
      .where('xero_contact_id', '=', xeroContactId)
      .where('resolved_at', 'is', null)
      .execute();
  }

  async open(crmConnectionId?: string) {
    let q = this.db.selectFrom('contact_reviews').selectAll().where('resolved_at', 'is', null);
    if (crmConnectionId) q = q.where('crm_connection_id', '=', crmConnectionId);
    return q.orderBy('created_at').execute();
  }
}
