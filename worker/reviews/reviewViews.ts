import type { ReviewCandidate, ReviewView } from '../hubspotApp/contracts/contactReviews';
import type { ReviewRow } from '../sync/reviewQueue';

/** How the match rules' names read to a person. */
const RULE_WORDS: Record<string, string> = {
  link: 'Xero link',
  taxNumber: 'tax number',
  email: 'e-mail address',
  name: 'name',
};

export function ruleWords(rule: string | null): string {
  return rule ? (RULE_WORDS[rule] ?? rule) : 'any rule';
}

/** One sentence: why this contact waits for a person rather than being linked by the rules. */
export function whyQueued(row: Pick<ReviewRow, 'reason' | 'rule'>, candidates: number, crm: string): string {
  if (row.reason === 'ambiguous')
    return `${candidates} ${crm} records have the same ${ruleWords(row.rule)} as this Xero contact; Ledgerbridge never chooses between them on its own.`;
  return `No ${crm} record matches this Xero contact by tax number, e-mail address or name, and ${crm} owns contact data, so Ledgerbridge does not create one without you.`;
}

/** The stored candidates (id and name), with the rule that offered each. */
export function candidatesOf(row: Pick<ReviewRow, 'candidates' | 'rule'>): ReviewCandidate[] {
  const listed = Array.isArray(row.candidates) ? row.candidates : [];
  return listed.flatMap((c): ReviewCandidate[] => {
    if (typeof c !== 'object' || c === null || Array.isArray(c)) return [];
    const crmId = typeof c.crmId === 'string' ? c.crmId : '';
    if (crmId === '') return [];
    return [
      {
        crmId,
        name: typeof c.name === 'string' ? c.name : crmId,
        rule: row.rule,
        why: row.rule ? `Same ${ruleWords(row.rule)} as the Xero contact.` : 'Offered by the match rules.',
      },
    ];
  });
}

export function reviewViewOf(
  row: ReviewRow,
  context: { organisation: string; waitingRecords: number; crm: string },
): ReviewView {
  const candidates = candidatesOf(row);
  return {
    id: row.id,
    xeroTenantId: row.xero_tenant_id,
    xeroOrganisation: context.organisation,
    xeroContact: {
      id: row.xero_contact_id,
      name: row.contact_name,
      email: row.contact_email,
      taxNumber: row.contact_tax_number,
    },
    reason: row.reason,
    rule: row.rule,
    why: whyQueued(row, candidates.length, context.crm),
    candidates,
    waitingRecords: context.waitingRecords,
    createdAt: row.created_at.toISOString(),
  };
}
