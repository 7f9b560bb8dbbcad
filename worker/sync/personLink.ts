import type { CanonicalContact } from '../../workflows/domain/canonical';
import type { AuditLog } from '../audit/auditLog';
import type { JsonObject } from '../store/schema';
import type { AccountPort } from './accountLinker';
import type { CrmWriteResult } from './crmTarget';
import type { RecordLinks } from './recordLinks';
import type { ReviewQueue } from './reviewQueue';

/** What a person decided for one Xero contact in one CRM. */
export type PersonDecision =
  { kind: 'link'; crmId: string } | { kind: 'create' } | { kind: 'ignore'; reason?: string };

export interface PersonLinkDeps {
  /** The CRM connection's accounts (CrmTarget.accountPort()). */
  port: AccountPort;
  links: RecordLinks;
  reviews: ReviewQueue;
  audit: AuditLog;
}

export interface PersonLinkInput {
  installationId: string;
  xeroTenantId: string;
  contact: CanonicalContact;
  decision: PersonDecision;
  /** Who decided: `salesforce:<userId>`, `hubspot:<userId>`, `ops:<name>`… */
  by: string;
  source: 'review' | 'alignment';
}

export interface PersonLinkResult {
  outcome: 'linked' | 'created' | 'ignored' | 'unchanged';
  crmId?: string;
}

/** Either side of the pair is linked elsewhere; the message is meant for the person as it is. */
export class LinkConflictError extends Error {
  override name = 'LinkConflictError';
}

/**
 * The one place a person's link decision is applied (the review queue and the alignment import).
 * A decision already in force changes nothing ('unchanged': no vendor write, no audit row), so an
 * unedited alignment workbook imported again makes no writes. A decision that would take a record
 * from another link is refused (LinkConflictError) rather than silently moving the link.
 *
 * A person's link writes only the link onto the CRM record, never the Xero contact's details: the
 * next sync brings details in when Xero owns contact data (mapping settings' contactOwner).
 */
export async function applyPersonDecision(
  deps: PersonLinkDeps,
  input: PersonLinkInput,
): Promise<PersonLinkResult> {
  const { port, links, reviews } = deps;
  const { contact, decision } = input;
  const xeroContactId = contact.xeroContactId.toLowerCase();
  const scope = {
    installationId: input.installationId,
    crmConnectionId: port.crmConnectionId,
    xeroTenantId: input.xeroTenantId,
  };
  const existing = await links.findByXeroId(scope, 'contact', xeroContactId);
  const stored = await reviews.decisionOf(port.crmConnectionId, xeroContactId);
  const contactLabel = `Xero contact "${contact.name}" (${xeroContactId})`;

  if (decision.kind === 'ignore') {
    if (existing)
      throw new LinkConflictError(
        `${contactLabel} is already linked to CRM record ${existing.crmRecordId}; it cannot be ignored while linked.`,
      );
    if (stored?.kind === 'ignore' && stored.closed) return { outcome: 'unchanged' };
    await reviews.recordDecision({
      crmConnectionId: port.crmConnectionId,
      xeroTenantId: input.xeroTenantId,
      contact,
      decision: { kind: 'ignore', crmId: null, by: input.by, reason: decision.reason ?? null },
    });
    await deps.audit.record({
      action: 'contact_review_ignored',
      outcome: 'succeeded',
      actor: input.by,
      subject: subjectOf(input, port.crmConnectionId, xeroContactId),
      detail: { source: input.source, rule: null, reason: decision.reason ?? null },
    });
    return { outcome: 'ignored' };
  }

  if (decision.kind === 'link') {
    if (existing?.crmRecordId === decision.crmId) {
      await reviews.closeSilently(port.crmConnectionId, xeroContactId);
      return { outcome: 'unchanged', crmId: decision.crmId };
    }
    if (existing)
      throw new LinkConflictError(
        `${contactLabel} is already linked to CRM record ${existing.crmRecordId}, not ${decision.crmId}.`,
      );
    const taken = await links.findByCrmRecord(scope, 'account', decision.crmId);
    if (taken)
      throw new LinkConflictError(
        `CRM record ${decision.crmId} is already linked to Xero contact ${taken.xeroId}; ${contactLabel} cannot also be linked to it.`,
      );
    // The CRM's own link field may hold a contact linked before Ledgerbridge kept record_links.
    const candidates = await port.candidates(contact);
    const onRecord = candidates.find((c) => c.crmId === decision.crmId)?.linkedXeroContactId;
    if (onRecord && onRecord.toLowerCase() !== xeroContactId)
      throw new LinkConflictError(
        `CRM record ${decision.crmId} is already linked to Xero contact ${onRecord.toLowerCase()}; ${contactLabel} cannot also be linked to it.`,
      );
    const result = await port.writeLinked(decision.crmId, contact, false);
    return settle(deps, input, result, 'linked', 'person');
  }

  // create
  if (existing) {
    // The record an earlier 'create' made for this very contact: nothing to do again.
    if (stored?.kind === 'create' && stored.crmId === existing.crmRecordId) {
      await reviews.closeSilently(port.crmConnectionId, xeroContactId);
      return { outcome: 'unchanged', crmId: existing.crmRecordId };
    }
    throw new LinkConflictError(
      `${contactLabel} is already linked to CRM record ${existing.crmRecordId}; no new record was created.`,
    );
  }
  const result = await port.createLinked(contact);
  return settle(deps, input, result, 'created', 'created');
}

/** After the CRM write: the link, the decision on the review row, one audit row. */
async function settle(
  deps: PersonLinkDeps,
  input: PersonLinkInput,
  result: CrmWriteResult,
  outcome: 'linked' | 'created',
  rule: 'person' | 'created',
): Promise<PersonLinkResult> {
  const { port } = deps;
  const xeroContactId = input.contact.xeroContactId.toLowerCase();
  await deps.links.upsert({ connectionId: port.crmConnectionId }, input.xeroTenantId, [
    { crmObject: 'account', crmRecordId: result.recordId, xeroId: xeroContactId },
  ]);
  await deps.reviews.recordDecision({
    crmConnectionId: port.crmConnectionId,
    xeroTenantId: input.xeroTenantId,
    contact: input.contact,
    decision: {
      kind: input.decision.kind === 'link' ? 'link' : 'create',
      crmId: result.recordId,
      by: input.by,
      reason: null,
    },
  });
  await deps.audit.record({
    action: 'contact_linked_by_person',
    outcome: 'succeeded',
    actor: input.by,
    subject: { ...subjectOf(input, port.crmConnectionId, xeroContactId), crmRecordId: result.recordId },
    detail: {
      source: input.source,
      rule,
      created: result.created,
      changes: JSON.parse(JSON.stringify(result.changes)) as JsonObject,
    },
  });
  return { outcome, crmId: result.recordId };
}

function subjectOf(input: PersonLinkInput, crmConnectionId: string, xeroContactId: string): JsonObject {
  return {
    installationId: input.installationId,
    crmConnectionId,
    xeroTenantId: input.xeroTenantId,
    xeroContactId,
  };
}
