import type { CanonicalContact } from '../../workflows/domain/canonical';
import {
  matchContact,
  normaliseName,
  type CrmCandidate,
  type MatchRule,
} from '../../workflows/domain/contactMatching';
import { emptyRow, type AlignmentRow } from './alignmentRows';

/** One Xero organisation against one CRM connection of the same installation. */
export interface AlignmentPair {
  installation: string;
  xero: { tenantId: string; organisation: string; contacts: readonly CanonicalContact[] };
  crm: { connectionId: string; label: string; accounts: readonly CrmCandidate[] };
  /** Ledgerbridge's own links (record_links) of this pair: Xero contact ID → CRM record ID. */
  links: ReadonlyMap<string, string>;
}

const RULE_WHY: Record<MatchRule, string> = {
  link: "the CRM record's Xero link holds this contact",
  taxNumber: 'same tax number',
  email: 'same e-mail address',
  name: 'same name once legal suffixes, case and punctuation are set aside',
};

type Match = { contact: CanonicalContact; result: ReturnType<typeof matchContact>; linkedTo?: string };

/**
 * The workbook rows of one pair: each Xero contact with what the match rules (the sync's own,
 * contactMatching) make of it over an in-memory index of the CRM's records, then the CRM records
 * left over. A suggestion is only ever a suggestion: nothing here decides, and anything the rules
 * cannot settle alone (several records, or one record claimed by several contacts) is ambiguous.
 */
export function suggestPairs(pair: AlignmentPair): AlignmentRow[] {
  const linkedCrmIds = new Map([...pair.links].map(([xeroId, crmId]) => [crmId, xeroId]));
  // A record linked in record_links counts as linked even where its own link field was never set.
  const accounts = pair.crm.accounts.map((a) => ({
    ...a,
    linkedXeroContactId: a.linkedXeroContactId?.toLowerCase() ?? linkedCrmIds.get(a.crmId),
  }));
  const index = indexAccounts(accounts);
  const byId = new Map(accounts.map((a) => [a.crmId, a]));

  const matches: Match[] = pair.xero.contacts.map((contact) => {
    const id = contact.xeroContactId.toLowerCase();
    const linkedTo = pair.links.get(id);
    if (linkedTo) return { contact, linkedTo, result: { kind: 'matched', crmId: linkedTo, rule: 'link' } };
    const candidates = index.candidatesOf(contact);
    return { contact, result: matchContact({ ...contact, xeroContactId: id }, candidates) };
  });

  // One record suggested for several contacts is for a person to settle, not the first comer.
  const suggestedFor = new Map<string, CanonicalContact[]>();
  for (const m of matches)
    if (m.result.kind === 'matched' && m.result.rule !== 'link')
      suggestedFor.set(m.result.crmId, [...(suggestedFor.get(m.result.crmId) ?? []), m.contact]);

  const touched = new Set<string>();
  const rows = matches.map((m) => {
    const row = contactRow(pair, m.contact);
    const result = m.result;
    if (result.kind === 'matched') {
      touched.add(result.crmId);
      const account = byId.get(result.crmId);
      const rivals = (suggestedFor.get(result.crmId) ?? []).filter((c) => c !== m.contact);
      if (result.rule !== 'link' && rivals.length > 0) {
        row.status = 'ambiguous';
        row.rule = result.rule;
        row.candidates = candidateText([account ?? { crmId: result.crmId, name: '' }]);
        row.why = `${RULE_WHY[result.rule]}, but the record also matches ${rivals.map((c) => `"${c.name}"`).join(', ')}: pick which contact it is`;
        return row;
      }
      row.status = result.rule === 'link' ? 'linked' : 'suggested';
      row.rule = result.rule;
      row.crm_id = result.crmId;
      row.crm_name = account?.name ?? '';
      row.why = m.linkedTo ? 'linked in Ledgerbridge' : RULE_WHY[result.rule];
      return row;
    }
    if (result.kind === 'ambiguous') {
      for (const id of result.candidates) touched.add(id);
      row.status = 'ambiguous';
      row.rule = result.rule;
      row.candidates = candidateText(result.candidates.map((id) => byId.get(id) ?? { crmId: id, name: '' }));
      row.why = `${result.candidates.length} CRM records match by ${RULE_WHY[result.rule]}: pick one (link <CRM id>), create or ignore`;
      return row;
    }
    row.status = 'no_match';
    row.why = 'no CRM record has the same tax number, e-mail address or name';
    return row;
  });

  for (const a of accounts) {
    if (touched.has(a.crmId)) continue;
    const row = emptyRow();
    Object.assign(row, {
      installation: pair.installation,
      xero_tenant_id: pair.xero.tenantId,
      xero_organisation: pair.xero.organisation,
      crm: pair.crm.label,
      crm_connection_id: pair.crm.connectionId,
      status: 'crm_only',
      crm_id: a.crmId,
      crm_name: a.name,
      why: a.linkedXeroContactId
        ? `linked to Xero contact ${a.linkedXeroContactId}, not among this organisation's active contacts`
        : 'no Xero customer matched this record: link it from a contact row with link <CRM id>',
    });
    rows.push(row);
  }
  return rows;
}

function contactRow(pair: AlignmentPair, contact: CanonicalContact): AlignmentRow {
  const row = emptyRow();
  Object.assign(row, {
    installation: pair.installation,
    xero_tenant_id: pair.xero.tenantId,
    xero_organisation: pair.xero.organisation,
    xero_contact_id: contact.xeroContactId.toLowerCase(),
    xero_name: contact.name,
    xero_email: contact.email ?? '',
    xero_tax_number: contact.taxNumber ?? '',
    crm: pair.crm.label,
    crm_connection_id: pair.crm.connectionId,
  });
  return row;
}

function candidateText(accounts: Array<Pick<CrmCandidate, 'crmId' | 'name'>>): string {
  return accounts.map((a) => `${a.crmId} (${a.name})`).join('; ');
}

/**
 * The records a contact might be, found by key rather than by scanning: linked to it, same
 * normalised name, same e-mail or tax number (where the CRM listing carries them).
 */
function indexAccounts(accounts: readonly CrmCandidate[]) {
  const maps = { link: new Map<string, CrmCandidate[]>(), name: new Map<string, CrmCandidate[]>() };
  const email = new Map<string, CrmCandidate[]>();
  const tax = new Map<string, CrmCandidate[]>();
  const push = (map: Map<string, CrmCandidate[]>, key: string | undefined, a: CrmCandidate) => {
    if (!key) return;
    const list = map.get(key);
    if (list) list.push(a);
    else map.set(key, [a]);
  };
  for (const a of accounts) {
    push(maps.link, a.linkedXeroContactId, a);
    push(maps.name, normaliseName(a.name), a);
    push(email, a.email?.trim().toLowerCase(), a);
    push(tax, a.taxNumber?.replace(/[^A-Za-z0-9]/g, '').toUpperCase(), a);
  }
  return {
    candidatesOf(contact: CanonicalContact): CrmCandidate[] {
      const found = [
        ...(maps.link.get(contact.xeroContactId.toLowerCase()) ?? []),
        ...(contact.taxNumber
          ? (tax.get(contact.taxNumber.replace(/[^A-Za-z0-9]/g, '').toUpperCase()) ?? [])
          : []),
        ...(contact.email ? (email.get(contact.email.trim().toLowerCase()) ?? []) : []),
        ...(maps.name.get(normaliseName(contact.name)) ?? []),
      ];
      return [...new Map(found.map((a) => [a.crmId, a])).values()];
    },
  };
}
