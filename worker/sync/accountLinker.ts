import type { CanonicalContact } from '../../workflows/domain/canonical';
import { matchContact, type CrmCandidate, type MatchRule } from '../../workflows/domain/contactMatching';
import type { MappingSettings } from '../../workflows/domain/mappingSettings';
import type { CrmWriteResult } from './crmTarget';
import type { ReviewQueue } from './reviewQueue';

/** What a CRM adapter offers for accounts (Salesforce Account, HubSpot company). */
export interface AccountPort {
  crmConnectionId: string;
  /**
   * The account whose link field holds this contact's Xero ID, brought up to date (when Xero owns
   * contact data, its details too) in one read and at most one write; undefined when none is linked.
   */
  updateLinked(contact: CanonicalContact, withDetails: boolean): Promise<CrmWriteResult | undefined>;
  /** Accounts that might be this contact (same name, tax number or e-mail), for the match rules. */
  candidates(contact: CanonicalContact): Promise<CrmCandidate[]>;
  /** Writes the link (and, when Xero owns contact data, the contact's details) onto an account. */
  writeLinked(crmId: string, contact: CanonicalContact, withDetails: boolean): Promise<CrmWriteResult>;
  /** Creates the account from the contact, linked (upsert by the link field, so never twice). */
  createLinked(contact: CanonicalContact): Promise<CrmWriteResult>;
}

export type LinkOutcome =
  | { kind: 'linked'; rule: MatchRule | 'created'; result: CrmWriteResult }
  | { kind: 'queued_for_review'; reason: 'ambiguous' | 'no_match'; candidates: string[] };

/**
 * ID mapping for contacts: an account already linked is kept up to date; otherwise the match rules
 * make the first link (link field, tax number, e-mail, normalised name). Several candidates always
 * go to a human. No candidate: Xero owning contact data creates the account; the CRM owning it
 * queues the contact for review (we never invent records in the system of record).
 */
export async function linkAccount(
  port: AccountPort,
  contact: CanonicalContact,
  owner: MappingSettings['contactOwner'],
  reviews: ReviewQueue,
  xeroTenantId: string,
): Promise<LinkOutcome> {
  const xeroOwns = owner === 'xero';
  const linked = await port.updateLinked(contact, xeroOwns);
  if (linked) return { kind: 'linked', rule: 'link', result: linked };

  const candidates = await port.candidates(contact);
  const match = matchContact(
    {
      xeroContactId: contact.xeroContactId,
      name: contact.name,
      email: contact.email,
      taxNumber: contact.taxNumber,
    },
    candidates,
  );
  if (match.kind === 'matched') {
    const result = await port.writeLinked(match.crmId, contact, xeroOwns);
    await reviews.resolve(port.crmConnectionId, contact.xeroContactId);
    return { kind: 'linked', rule: match.rule, result };
  }
  if (match.kind === 'none' && xeroOwns) {
    const result = await port.createLinked(contact);
    await reviews.resolve(port.crmConnectionId, contact.xeroContactId);
    return { kind: 'linked', rule: 'created', result };
  }
  const reason = match.kind === 'ambiguous' ? 'ambiguous' : 'no_match';
  const listed =
    match.kind === 'ambiguous' ? candidates.filter((c) => match.candidates.includes(c.crmId)) : [];
  await reviews.enqueue({
    crmConnectionId: port.crmConnectionId,
    xeroTenantId,
    xeroContactId: contact.xeroContactId,
    contactName: contact.name,
    email: contact.email,
    taxNumber: contact.taxNumber,
    reason,
    rule: match.kind === 'ambiguous' ? match.rule : undefined,
    candidates: listed.map((c) => ({ crmId: c.crmId, name: c.name })),
  });
  return { kind: 'queued_for_review', reason, candidates: listed.map((c) => c.crmId) };
}
