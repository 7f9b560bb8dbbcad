import type { CanonicalContact } from '../../workflows/domain/canonical';
import type { CrmCandidate } from '../../workflows/domain/contactMatching';
import { crmLabel, installationSides, type AlignmentDeps } from './alignmentDeps';
import type { AlignmentRow, AlignmentStatus } from './alignmentRows';
import { listCrmAccounts, listXeroContacts, storedContactLinks } from './alignmentSources';
import { suggestPairs } from './suggestPairs';
import type { ReferenceSheet } from './workbookFiles';

export interface AlignmentExport {
  rows: AlignmentRow[];
  /** Both sides' full lists, as sheets beside the alignment table (XLSX). */
  references: ReferenceSheet[];
  counts: Record<AlignmentStatus, number> & { xeroContacts: number; crmAccounts: number };
}

/**
 * The workbook's contents for one installation: each Xero organisation's contacts and each CRM's
 * accounts, listed once each, paired by the match rules. Reads only: nothing is written anywhere.
 */
export async function exportAlignment(deps: AlignmentDeps, slug: string): Promise<AlignmentExport> {
  const sides = await installationSides(deps, slug);
  const xero = await Promise.all(
    sides.xero.map(async (c) => ({ connection: c, contacts: await listXeroContacts(deps.xeroApi(c.id)) })),
  );
  const crms = await Promise.all(
    sides.crms.map(async (c) => ({ ...c, accounts: await listCrmAccounts(c.target) })),
  );
  const rows: AlignmentRow[] = [];
  for (const org of xero)
    for (const crm of crms)
      rows.push(
        ...suggestPairs({
          installation: sides.installation.slug,
          xero: {
            tenantId: org.connection.externalId.toLowerCase(),
            organisation: org.connection.displayName,
            contacts: org.contacts,
          },
          crm: { connectionId: crm.connection.id, label: crmLabel(crm.connection), accounts: crm.accounts },
          links: await storedContactLinks(
            deps.db,
            crm.connection.id,
            org.connection.externalId.toLowerCase(),
          ),
        }),
      );
  const counts = {
    linked: 0,
    suggested: 0,
    ambiguous: 0,
    no_match: 0,
    crm_only: 0,
    xeroContacts: xero.reduce((n, o) => n + o.contacts.length, 0),
    crmAccounts: crms.reduce((n, c) => n + c.accounts.length, 0),
  };
  for (const r of rows) counts[r.status as AlignmentStatus]++;
  return {
    rows,
    counts,
    references: [
      xeroSheet(xero.flatMap((o) => o.contacts.map((c) => ({ org: o.connection.displayName, c })))),
      crmSheet(crms.flatMap((crm) => crm.accounts.map((a) => ({ crm: crmLabel(crm.connection), a })))),
      HOW_TO,
    ],
  };
}

function xeroSheet(contacts: Array<{ org: string; c: CanonicalContact }>): ReferenceSheet {
  return {
    name: 'Xero customers',
    table: [
      [
        'xero_organisation',
        'xero_contact_id',
        'name',
        'email',
        'tax_number',
        'account_number',
        'is_customer',
      ],
      ...contacts.map(({ org, c }) => [
        org,
        c.xeroContactId.toLowerCase(),
        c.name,
        c.email ?? '',
        c.taxNumber ?? '',
        c.accountNumber ?? '',
        c.isCustomer ? 'yes' : 'no',
      ]),
    ],
  };
}

function crmSheet(accounts: Array<{ crm: string; a: CrmCandidate }>): ReferenceSheet {
  return {
    name: 'CRM accounts',
    table: [
      ['crm', 'crm_id', 'name', 'linked_xero_contact_id'],
      ...accounts.map(({ crm, a }) => [crm, a.crmId, a.name, a.linkedXeroContactId ?? '']),
    ],
  };
}

const HOW_TO: ReferenceSheet = {
  name: 'How to decide',
  table: [
    ['In the Alignment sheet, write one of these in the decision column (blank: leave the row as it is)'],
    ['link', 'link the Xero contact to the record in crm_id (rows suggested or linked)'],
    ['link <CRM id>', 'link it to that record (for an ambiguous row: one of its candidates)'],
    ['create', 'create a new CRM record from the Xero contact, linked'],
    ['ignore', 'never link this contact (give a reason in the reason column)'],
    [
      'Then: npm run align -- import <file> --dry-run to see what would change, and without --dry-run to apply.',
    ],
  ],
};
