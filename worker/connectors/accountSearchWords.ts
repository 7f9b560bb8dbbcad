import { normaliseName } from '../../workflows/domain/contactMatching';

/**
 * The words a CRM search for a contact's possible accounts requires, all of them. An account whose
 * normalised name equals the contact's holds every normalised word that the contact's name spells
 * plainly (stored names vary in case, punctuation and legal suffix: "Acme Ltd", "ACME Limited"), so
 * requiring them all loses no candidate; one common word alone ("the") can match more accounts than
 * a search page holds and push the right one out, and then a duplicate is created. Left out: words
 * the normalisation made up or changed ("and" for "&", "cafe" for "Café"), which a stored name may
 * spell the other way. With none left, the first normalised word, as a broad search.
 */
export function accountSearchWords(name: string, max = Number.POSITIVE_INFINITY): string[] {
  const normalised = normaliseName(name).split(' ').filter(Boolean);
  const spelled = new Set(name.toLowerCase().split(/[^\p{L}\p{N}]+/u));
  const plain = [...new Set(normalised)].filter((w) => w !== 'and' && spelled.has(w));
  if (plain.length === 0) return normalised.slice(0, 1);
  // Longest first: when a vendor caps the filters, the most selective words are the ones kept.
  return plain.sort((a, b) => b.length - a.length).slice(0, max);
}
