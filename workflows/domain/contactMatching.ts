/**
 * The first link between a Xero contact and a CRM account is made by deterministic rules, in order:
 * an existing link field, then tax number, then e-mail, then normalised name. A rule that finds
 * more than one candidate stops the search: the choice goes to a human, never to a guess.
 */
export interface MatchSubject {
  xeroContactId: string;
  name: string;
  email?: string | undefined;
  taxNumber?: string | undefined;
}

export interface CrmCandidate {
  crmId: string;
  name: string;
  email?: string | undefined;
  taxNumber?: string | undefined;
  linkedXeroContactId?: string | undefined;
}

export type MatchRule = 'link' | 'taxNumber' | 'email' | 'name';

export type MatchResult =
  | { kind: 'matched'; crmId: string; rule: MatchRule }
  | { kind: 'ambiguous'; rule: MatchRule; candidates: string[] }
  | { kind: 'none' };

const LEGAL_SUFFIXES =
  /\b(inc|incorporated|ltd|limited|llc|plc|gmbh|corp|corporation|co|company|pty|sa|bv|ag)\b\.?/g;

/** "ACME Ltd." and "Acme, Limited" are the same name; diacritics and punctuation do not count. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .replace(LEGAL_SUFFIXES, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const normaliseTax = (value: string) => value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
const normaliseEmail = (value: string) => value.trim().toLowerCase();

export function matchContact(subject: MatchSubject, candidates: readonly CrmCandidate[]): MatchResult {
  const rules: Array<[MatchRule, (c: CrmCandidate) => boolean]> = [
    ['link', (c) => c.linkedXeroContactId === subject.xeroContactId],
  ];
  if (subject.taxNumber && normaliseTax(subject.taxNumber)) {
    const tax = normaliseTax(subject.taxNumber);
    rules.push(['taxNumber', (c) => Boolean(c.taxNumber) && normaliseTax(c.taxNumber ?? '') === tax]);
  }
  if (subject.email?.trim()) {
    const email = normaliseEmail(subject.email);
    rules.push(['email', (c) => Boolean(c.email) && normaliseEmail(c.email ?? '') === email]);
  }
  const name = normaliseName(subject.name);
  if (name) rules.push(['name', (c) => normaliseName(c.name) === name]);

  for (const [rule, test] of rules) {
    // A candidate already linked to another Xero contact is never re-linked by a weaker rule.
    const found = candidates.filter((c) => test(c) && (rule === 'link' || !c.linkedXeroContactId));
    if (found.length === 1 && found[0]) return { kind: 'matched', crmId: found[0].crmId, rule };
    if (found.length > 1) return { kind: 'ambiguous', rule, candidates: found.map((c) => c.crmId).sort() };
  }
  return { kind: 'none' };
}
