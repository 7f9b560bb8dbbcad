import type { Kysely } from 'kysely';
import type { CanonicalContact } from '../../workflows/domain/canonical';
import type { AuditLog } from '../audit/auditLog';
import type {
  ReviewDecideRequest,
  ReviewDecided,
  ReviewList,
  ReviewRefused,
} from '../hubspotApp/contracts/contactReviews';
import type { Database } from '../store/schema';
import type { CrmTargets } from '../sync/crmTarget';
import { applyPersonDecision, LinkConflictError, type PersonDecision } from '../sync/personLink';
import type { RecordLinks } from '../sync/recordLinks';
import type { ReviewQueue, ReviewRow } from '../sync/reviewQueue';
import type { XeroEventDispatch } from '../webhooks/xeroEventDispatcher';
import { reviewViewOf } from './reviewViews';
import { waitKey, type ReviewWaits } from './reviewWaits';

/** A page shows the oldest this many; the rest wait their turn (the alignment workbook takes bulk). */
export const REVIEWS_SHOWN = 50;

export interface ReviewDeskDeps {
  db: Kysely<Database>;
  reviews: ReviewQueue;
  waits: ReviewWaits;
  links: RecordLinks;
  audit: AuditLog;
  crmTargets: Pick<CrmTargets, 'forConnection'>;
  /** The webhook path's hand-over (signal-with-start of each record's xeroRecordSync). */
  dispatchXero: XeroEventDispatch;
  now: () => Date;
}

/** Which reviews a caller sees and may decide: its installation, and its own CRM connection if any. */
export interface ReviewScope {
  installationId: string;
  crmConnectionId?: string;
}

export type DecideAnswer =
  | { status: 200; body: ReviewDecided }
  | { status: 404; body: { error: 'not_found'; message: string } }
  | { status: 409; body: ReviewRefused };

/**
 * The review queue as people see it: the open reviews of an installation (or of one CRM of it), and
 * a person's decision on one, applied through applyPersonDecision. After a link or create, every
 * Xero record whose sync waited on that contact is handed to its workflow again, exactly as a
 * webhook would; an ignore releases them without a sync (their CRM record stays without account).
 */
export class ReviewDesk {
  constructor(private readonly deps: ReviewDeskDeps) {}

  async list(scope: ReviewScope): Promise<ReviewList> {
    const { rows, total } = await this.deps.reviews.openFor(
      scope.installationId,
      scope.crmConnectionId,
      REVIEWS_SHOWN,
    );
    const [counts, names] = await Promise.all([
      this.deps.waits.counts(
        rows.map((r) => ({ crmConnectionId: r.crm_connection_id, xeroContactId: r.xero_contact_id })),
      ),
      this.connectionNames(scope.installationId),
    ]);
    const reviews = rows.map((row) =>
      reviewViewOf(row, {
        organisation: names.xero.get(row.xero_tenant_id) ?? row.xero_tenant_id,
        waitingRecords: counts.get(waitKey(row.crm_connection_id, row.xero_contact_id)) ?? 0,
        crm: names.crm.get(row.crm_connection_id) ?? 'CRM',
      }),
    );
    return { reviews, total };
  }

  async decide(scope: ReviewScope, request: ReviewDecideRequest, by: string): Promise<DecideAnswer> {
    const row = await this.deps.reviews.byId(scope.installationId, request.reviewId);
    if (!row || (scope.crmConnectionId && row.crm_connection_id !== scope.crmConnectionId))
      return { status: 404, body: { error: 'not_found', message: 'No such contact review.' } };
    if (row.resolved_at) return this.refuse(row, by, 'review_closed', closedMessage(row));
    const target = await this.deps.crmTargets.forConnection(row.crm_connection_id);
    const port = await target?.personAccounts?.();
    if (!port)
      return this.refuse(
        row,
        by,
        'review_closed',
        'The CRM this review belongs to is no longer connected; it cannot be decided.',
      );
    const decision: PersonDecision =
      request.decision === 'link'
        ? { kind: 'link', crmId: request.crmId ?? '' }
        : request.decision === 'create'
          ? { kind: 'create' }
          : { kind: 'ignore', ...(request.reason ? { reason: request.reason } : {}) };
    let applied;
    try {
      applied = await applyPersonDecision(
        { port, links: this.deps.links, reviews: this.deps.reviews, audit: this.deps.audit },
        {
          installationId: scope.installationId,
          xeroTenantId: row.xero_tenant_id,
          contact: contactOf(row, this.deps.now()),
          decision,
          by,
          source: 'review',
        },
      );
    } catch (err) {
      if (err instanceof LinkConflictError) return this.refuse(row, by, 'review_conflict', err.message);
      throw err;
    }
    const resumed = await this.resume(row, decision.kind !== 'ignore');
    const outcome =
      applied.outcome === 'unchanged'
        ? decision.kind === 'link'
          ? 'linked'
          : decision.kind === 'create'
            ? 'created'
            : 'ignored'
        : applied.outcome;
    return { status: 200, body: { outcome, crmId: applied.crmId ?? null, resumed } };
  }

  /** Hands each waiting record back to its workflow (or only releases them, for an ignore). */
  private async resume(row: ReviewRow, sync: boolean): Promise<number> {
    const waiting = await this.deps.waits.pending(row.crm_connection_id, row.xero_contact_id);
    if (sync && waiting.length > 0)
      await this.deps.dispatchXero(
        waiting.map((w) => ({
          tenantId: w.xeroTenantId,
          category: w.category,
          resourceId: w.xeroRecordId,
          change: { eventType: 'UPDATE', eventDateUtc: this.deps.now().toISOString(), source: 'manual' },
        })),
      );
    await this.deps.waits.markResumed(waiting.map((w) => w.id));
    return sync ? waiting.length : 0;
  }

  private async refuse(
    row: ReviewRow,
    by: string,
    error: ReviewRefused['error'],
    message: string,
  ): Promise<DecideAnswer> {
    await this.deps.audit.record({
      action: 'contact_review_refused',
      outcome: 'failed',
      actor: by,
      subject: {
        installationId: row.installation_id,
        crmConnectionId: row.crm_connection_id,
        xeroTenantId: row.xero_tenant_id,
        xeroContactId: row.xero_contact_id,
      },
      detail: { reviewId: row.id, error, message },
    });
    return { status: 409, body: { error, message } };
  }

  private async connectionNames(installationId: string) {
    const rows = await this.deps.db
      .selectFrom('connections')
      .select(['id', 'vendor', 'external_id', 'display_name'])
      .where('installation_id', '=', installationId)
      .execute();
    const xero = new Map<string, string>();
    const crm = new Map<string, string>();
    for (const r of rows) {
      if (r.vendor === 'xero') xero.set(r.external_id, r.display_name);
      else crm.set(r.id, r.vendor === 'salesforce' ? 'Salesforce' : 'HubSpot');
    }
    return { xero, crm };
  }
}

function closedMessage(row: ReviewRow): string {
  if (row.decision && row.decision_by && row.decided_at) {
    const what =
      row.decision === 'ignore'
        ? 'ignored'
        : row.decision === 'create'
          ? `given a new CRM record (${row.decision_crm_id ?? ''})`
          : `linked to CRM record ${row.decision_crm_id ?? ''}`;
    return `Xero contact "${row.contact_name}" was already ${what} by ${row.decision_by} at ${row.decided_at.toISOString()}.`;
  }
  return `Xero contact "${row.contact_name}" no longer needs a decision: the match rules linked it since.`;
}

/**
 * The contact as the review row holds it (refreshed whenever its sync queues it again). A person's
 * link writes only the link; a created record gets the name, and the resumed sync brings the rest.
 */
function contactOf(row: ReviewRow, now: Date): CanonicalContact {
  return {
    xeroContactId: row.xero_contact_id,
    name: row.contact_name,
    ...(row.contact_email ? { email: row.contact_email } : {}),
    ...(row.contact_tax_number ? { taxNumber: row.contact_tax_number } : {}),
    groups: [],
    isCustomer: true,
    status: 'ACTIVE',
    updatedAt: now.toISOString(),
  };
}
