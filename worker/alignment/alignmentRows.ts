/**
 * The alignment workbook's one editable table: a row per Xero customer and CRM connection (with the
 * suggested pair), then a row per CRM record nobody was paired with, so both sides' customers are
 * in one place. People fill `decision` (and `reason` for an ignore); every other column is what
 * the export saw, for them to read.
 */
export const ALIGNMENT_COLUMNS = [
  'installation',
  'xero_tenant_id',
  'xero_organisation',
  'xero_contact_id',
  'xero_name',
  'xero_email',
  'xero_tax_number',
  'crm',
  'crm_connection_id',
  'status',
  'rule',
  'crm_id',
  'crm_name',
  'candidates',
  'why',
  'decision',
  'reason',
] as const;

export type AlignmentColumn = (typeof ALIGNMENT_COLUMNS)[number];

/**
 * - linked: the pair is already linked (the CRM record's link field or Ledgerbridge's record_links);
 * - suggested: one CRM record matched by a rule; `decision: link` accepts it;
 * - ambiguous: several records matched, or one record matched several Xero contacts: a person picks;
 * - no_match: no CRM record matched (`create` makes one, `link <id>` names one);
 * - crm_only: a CRM record no Xero customer was paired with (link it from the contact's row).
 */
export type AlignmentStatus = 'linked' | 'suggested' | 'ambiguous' | 'no_match' | 'crm_only';

export type AlignmentRow = Record<AlignmentColumn, string>;

/** A blank row, for builders to fill. */
export function emptyRow(): AlignmentRow {
  return Object.fromEntries(ALIGNMENT_COLUMNS.map((c) => [c, ''])) as AlignmentRow;
}
