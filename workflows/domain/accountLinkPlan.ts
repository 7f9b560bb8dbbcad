import type { CanonicalContact } from './canonical';
import { matchContact, normaliseName, type CrmCandidate, type MatchRule } from './contactMatching';

/** What to do with one Xero contact's CRM account in a batch (backfill). */
export type AccountLinkStep =
  | { kind: 'update'; contact: CanonicalContact; crmId: string; rule: MatchRule; withDetails: boolean }
  | { kind: 'create'; contact: CanonicalContact }
  | {
      kind: 'review';
      contact: CanonicalContact;
      reason: 'ambiguous' | 'no_match';
      candidates: CrmCandidate[];
    };

/**
 * The match rules of contactMatching applied to a whole page of contacts against an index of the
 * CRM's accounts, without a call per contact: the same outcomes as linking them one by one. A
 * contact's candidates are the accounts linked to it and those sharing its normalised name (the
 * CRM side of the tax-number and e-mail rules is not indexed in batch: those contacts fall through
 * to the name rule, and anything left ambiguous goes to review as ever).
 */
export function planAccountLinks(
  contacts: readonly CanonicalContact[],
  accounts: readonly CrmCandidate[],
  owner: 'xero' | 'crm',
): AccountLinkStep[] {
  const byLink = new Map<string, CrmCandidate[]>();
  const byName = new Map<string, CrmCandidate[]>();
  const push = (map: Map<string, CrmCandidate[]>, key: string, c: CrmCandidate) =>
    map.set(key, [...(map.get(key) ?? []), c]);
  for (const a of accounts) {
    if (a.linkedXeroContactId) push(byLink, a.linkedXeroContactId, a);
    push(byName, normaliseName(a.name), a);
  }
  // Accounts this batch links by name must not be claimed twice within it.
  const claimed = new Set<string>();
  return contacts.map((contact): AccountLinkStep => {
    const candidates = [
      ...(byLink.get(contact.xeroContactId) ?? []),
      ...(byName.get(normaliseName(contact.name)) ?? []),
    ]
      .filter((c, i, all) => all.findIndex((o) => o.crmId === c.crmId) === i)
      .filter((c) => c.linkedXeroContactId === contact.xeroContactId || !claimed.has(c.crmId));
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
      claimed.add(match.crmId);
      return { kind: 'update', contact, crmId: match.crmId, rule: match.rule, withDetails: owner === 'xero' };
    }
    if (match.kind === 'none' && owner === 'xero') return { kind: 'create', contact };
    return {
      kind: 'review',
      contact,
      reason: match.kind === 'ambiguous' ? 'ambiguous' : 'no_match',
      candidates:
        match.kind === 'ambiguous' ? candidates.filter((c) => match.candidates.includes(c.crmId)) : [],
    };
  });
}
