import { sql, type Kysely, type Selectable } from 'kysely';
import type { CanonicalContact } from '../../workflows/domain/canonical';
import type { ContactReviewsTable, Database } from '../store/schema';

export interface ContactReview {
  crmConnectionId: string;
  xeroTenantId: string;
  xeroContactId: string;
  contactName: string;
  /** The contact's details, shown to the person and compared when an ignored contact comes back. */
  email?: string | undefined;
  taxNumber?: string | undefined;
  reason: 'ambiguous' | 'no_match';
  rule: string | undefined;
  /** The CRM records a human chooses between (id and name). */
  candidates: Array<{ crmId: string; name: string }>;
}

export type ReviewRow = Selectable<ContactReviewsTable>;

export interface StoredDecision {
  kind: 'link' | 'create' | 'ignore';
  crmId: string | null;
  /** The review is closed (a decision re-opened by a change in Xero is not in force). */
  closed: boolean;
}

export interface DecisionWrite {
  crmConnectionId: string;
  xeroTenantId: string;
  contact: Pick<CanonicalContact, 'xeroContactId' | 'name' | 'email' | 'taxNumber'>;
  decision: { kind: 'link' | 'create' | 'ignore'; crmId: string | null; by: string; reason: string | null };
}

/**
 * The contact's details as far as a review cares: an ignored contact stays ignored until one of
 * these changes in Xero (its name, e-mail or tax number), then it is queued again.
 */
export function contactFingerprint(contact: {
  name: string;
  email?: string | null;
  taxNumber?: string | null;
}) {
  const part = (v: string | null | undefined) => (v ?? '').trim().toLowerCase();
  return [part(contact.name), part(contact.email), part(contact.taxNumber)].join('\u001f');
}

/**
 * Contacts waiting for a human to link them; one row per contact and CRM connection, which keeps the
 * person's decision once taken. A later attempt refreshes an open row, re-opens one decided by
 * link or create (the link is gone again), and leaves an ignored one closed unless the contact's
 * details changed since.
 */
export class ReviewQueue {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(review: ContactReview): Promise<void> {
    const xeroContactId = review.xeroContactId.toLowerCase();
    const fingerprint = contactFingerprint({
      name: review.contactName,
      email: review.email,
      taxNumber: review.taxNumber,
    });
    const details = {
      contact_name: review.contactName,
      contact_email: review.email ?? null,
      contact_tax_number: review.taxNumber ?? null,
      contact_fingerprint: fingerprint,
      reason: review.reason,
      rule: review.rule ?? null,
      candidates: JSON.stringify(review.candidates),
    };
    await this.db
      .insertInto('contact_reviews')
      .columns([
        'installation_id',
        'crm_connection_id',
        'xero_tenant_id',
        'xero_contact_id',
        'contact_name',
        'contact_email',
        'contact_tax_number',
        'contact_fingerprint',
        'reason',
        'rule',
        'candidates',
      ])
      .expression((eb) =>
        eb
          .selectFrom('connections')
          .select([
            'installation_id',
            'id',
            eb.val(review.xeroTenantId).as('xero_tenant_id'),
            eb.val(xeroContactId).as('xero_contact_id'),
            eb.val(details.contact_name).as('contact_name'),
            eb.val(details.contact_email).as('contact_email'),
            eb.val(details.contact_tax_number).as('contact_tax_number'),
            eb.val(fingerprint).as('contact_fingerprint'),
            eb.val(details.reason).as('reason'),
            eb.val(details.rule).as('rule'),
            sql<string>`${details.candidates}::jsonb`.as('candidates'),
          ])
          .where('id', '=', review.crmConnectionId),
      )
      .onConflict((oc) =>
        oc
          .columns(['crm_connection_id', 'xero_contact_id'])
          .doUpdateSet({
            ...details,
            updated_at: sql`now()`,
            resolved_at: null,
            decision: null,
            decision_crm_id: null,
            decision_by: null,
            decision_reason: null,
            decided_at: null,
          })
          // An ignored contact whose details are unchanged stays ignored (and closed).
          .where(
            sql<boolean>`not (contact_reviews.decision = 'ignore' and contact_reviews.resolved_at is not null
              and contact_reviews.contact_fingerprint is not distinct from ${fingerprint})`,
          ),
      )
      .execute();
  }

  /** Closes an open review without a person's decision (the match rules linked the contact). */
  async resolve(crmConnectionId: string, xeroContactId: string): Promise<void> {
    await this.closeSilently(crmConnectionId, xeroContactId);
  }

  /** Closes an open review, leaving its decision as it is. */
  async closeSilently(crmConnectionId: string, xeroContactId: string): Promise<void> {
    await this.db
      .updateTable('contact_reviews')
      .set({ resolved_at: sql`now()` })
      .where('crm_connection_id', '=', crmConnectionId)
      .where('xero_contact_id', '=', xeroContactId.toLowerCase())
      .where('resolved_at', 'is', null)
      .execute();
  }

  /**
   * Stores a person's decision and closes the review; a contact with no review row (decided from the
   * alignment workbook) gets a closed one, so an ignore there holds like an ignore here.
   */
  async recordDecision(write: DecisionWrite): Promise<void> {
    const { contact, decision } = write;
    const decided = {
      decision: decision.kind,
      decision_crm_id: decision.crmId,
      decision_by: decision.by,
      decision_reason: decision.reason,
      decided_at: sql<Date>`now()`,
      resolved_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
      contact_fingerprint: contactFingerprint(contact),
    };
    await this.db
      .insertInto('contact_reviews')
      .columns([
        'installation_id',
        'crm_connection_id',
        'xero_tenant_id',
        'xero_contact_id',
        'contact_name',
        'contact_email',
        'contact_tax_number',
        'contact_fingerprint',
        'reason',
        'decision',
        'decision_crm_id',
        'decision_by',
        'decision_reason',
        'decided_at',
        'resolved_at',
      ])
      .expression((eb) =>
        eb
          .selectFrom('connections')
          .select([
            'installation_id',
            'id',
            eb.val(write.xeroTenantId).as('xero_tenant_id'),
            eb.val(contact.xeroContactId.toLowerCase()).as('xero_contact_id'),
            eb.val(contact.name).as('contact_name'),
            eb.val(contact.email ?? null).as('contact_email'),
            eb.val(contact.taxNumber ?? null).as('contact_tax_number'),
            eb.val(decided.contact_fingerprint).as('contact_fingerprint'),
            eb.val('no_match').as('reason'),
            eb.val(decision.kind).as('decision'),
            eb.val(decision.crmId).as('decision_crm_id'),
            eb.val(decision.by).as('decision_by'),
            eb.val(decision.reason).as('decision_reason'),
            sql<Date>`now()`.as('decided_at'),
            sql<Date>`now()`.as('resolved_at'),
          ])
          .where('id', '=', write.crmConnectionId),
      )
      .onConflict((oc) => oc.columns(['crm_connection_id', 'xero_contact_id']).doUpdateSet(decided))
      .execute();
  }

  /** The decision stored for a contact in one CRM, if a person took one. */
  async decisionOf(crmConnectionId: string, xeroContactId: string): Promise<StoredDecision | undefined> {
    const row = await this.db
      .selectFrom('contact_reviews')
      .select(['decision', 'decision_crm_id', 'resolved_at'])
      .where('crm_connection_id', '=', crmConnectionId)
      .where('xero_contact_id', '=', xeroContactId.toLowerCase())
      .executeTakeFirst();
    if (!row?.decision) return undefined;
    return { kind: row.decision, crmId: row.decision_crm_id, closed: row.resolved_at !== null };
  }

  async byId(installationId: string, reviewId: string): Promise<ReviewRow | undefined> {
    return this.db
      .selectFrom('contact_reviews')
      .selectAll()
      .where('installation_id', '=', installationId)
      .where('id', '=', reviewId)
      .executeTakeFirst();
  }

  async open(crmConnectionId?: string): Promise<ReviewRow[]> {
    let q = this.db.selectFrom('contact_reviews').selectAll().where('resolved_at', 'is', null);
    if (crmConnectionId) q = q.where('crm_connection_id', '=', crmConnectionId);
    return q.orderBy('created_at').execute();
  }

  /** An installation's open reviews, oldest first, optionally for one CRM connection. */
  /** The oldest open reviews (at most `limit`) and how many are open in all. */
  async openFor(
    installationId: string,
    crmConnectionId?: string,
    limit = Number.MAX_SAFE_INTEGER,
  ): Promise<{ rows: ReviewRow[]; total: number }> {
    let q = this.db
      .selectFrom('contact_reviews')
      .where('installation_id', '=', installationId)
      .where('resolved_at', 'is', null);
    if (crmConnectionId) q = q.where('crm_connection_id', '=', crmConnectionId);
    const [rows, count] = await Promise.all([
      q.selectAll().orderBy('created_at').orderBy('id').limit(limit).execute(),
      q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }
}
