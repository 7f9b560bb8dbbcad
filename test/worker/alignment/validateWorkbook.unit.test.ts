import { ALIGNMENT_COLUMNS, emptyRow, type AlignmentRow } from '../../../worker/alignment/alignmentRows';
import { validateWorkbook } from '../../../worker/alignment/validateWorkbook';

const TENANT = '11111111-1111-4111-8111-111111111111';
const SF = '22222222-2222-4222-8222-222222222222';
const HS = '33333333-3333-4333-8333-333333333333';
const context = {
  installation: 'acme',
  xeroTenantIds: new Set([TENANT]),
  crmConnections: new Map([
    [SF, 'salesforce' as const],
    [HS, 'hubspot' as const],
  ]),
};

let n = 0;
function aRow(overrides: Partial<AlignmentRow> = {}): AlignmentRow {
  n++;
  return Object.assign(emptyRow(), {
    installation: 'acme',
    xero_tenant_id: TENANT,
    xero_contact_id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    xero_name: `Customer ${n}`,
    crm_connection_id: SF,
    status: 'suggested',
    crm_id: `001Hs0000${String(n).padStart(6, '0')}IAA`,
    ...overrides,
  });
}
const tableOf = (rows: AlignmentRow[]) => [
  [...ALIGNMENT_COLUMNS],
  ...rows.map((r) => ALIGNMENT_COLUMNS.map((c) => r[c])),
];

describe('validateWorkbook', () => {
  it('reads link (the suggestion), link <id>, create and ignore with its reason; blank rows change nothing', () => {
    const rows = [
      aRow({ decision: 'link' }),
      aRow({ status: 'ambiguous', crm_id: '', decision: ' LINK 001Hs00000ZZZZZ ' }),
      aRow({ status: 'no_match', crm_id: '', decision: 'create' }),
      aRow({ status: 'no_match', crm_id: '', decision: 'ignore', reason: 'internal account' }),
      aRow({ decision: '' }),
      aRow({ crm_connection_id: HS, crm_id: '', status: 'no_match', decision: 'link 18446744' }),
    ];
    const { decisions, errors } = validateWorkbook(tableOf(rows), context);
    expect(errors).toEqual([]);
    expect(decisions.map((d) => [d.row, d.decision])).toEqual([
      [2, { kind: 'link', crmId: rows[0]?.crm_id }],
      [3, { kind: 'link', crmId: '001Hs00000ZZZZZIA5' }], // the 15-character form, as the API writes it
      [4, { kind: 'create' }],
      [5, { kind: 'ignore', reason: 'internal account' }],
      [7, { kind: 'link', crmId: '18446744' }],
    ]);
  });

  it('names the row and column (header and letter) of every error, and keeps no decision', () => {
    const rows = [
      aRow({ decision: 'link' }),
      aRow({ decision: 'merge' }),
      aRow({ status: 'ambiguous', crm_id: '', decision: 'link' }),
      aRow({ crm_connection_id: HS, decision: 'link 001Hs00000ZZZZZ' }),
      aRow({ xero_contact_id: 'not-a-guid', decision: 'create' }),
      aRow({ status: 'crm_only', decision: 'create' }),
      aRow({ installation: 'globex', decision: 'create' }),
    ];
    const { decisions, errors } = validateWorkbook(tableOf(rows), context);
    expect(decisions).toEqual([]);
    expect(errors.map((e) => `row ${e.row}, column ${e.column}`)).toEqual([
      'row 3, column decision (P)',
      'row 4, column decision (P)',
      'row 5, column decision (P)',
      'row 6, column xero_contact_id (D)',
      'row 7, column decision (P)',
      'row 8, column installation (A)',
    ]);
    expect(errors[0]?.message).toContain('"merge" is not a decision');
    expect(errors[1]?.message).toContain('write link <CRM id>');
    expect(errors[2]?.message).toContain('not a hubspot record ID');
  });

  it('refuses one record linked on two rows, and one contact decided twice, on each row', () => {
    const a = aRow({ decision: 'link 001Hs00000AAAAA' });
    const b = aRow({ status: 'ambiguous', decision: 'link 001Hs00000AAAAA' });
    const again = aRow({ xero_contact_id: a.xero_contact_id, decision: 'ignore' });
    const { errors } = validateWorkbook(tableOf([a, b, again]), context);
    expect(errors.map((e) => [e.row, e.message])).toEqual([
      [2, expect.stringContaining('linked on rows 2, 3')],
      [3, expect.stringContaining('linked on rows 2, 3')],
      [4, expect.stringContaining('already decided on row 2')],
    ]);
  });

  it('finds columns by header wherever people moved them, and names a missing one', () => {
    const row = aRow({ decision: 'create', status: 'no_match' });
    const reversed = [...ALIGNMENT_COLUMNS].reverse();
    const moved = validateWorkbook([reversed, reversed.map((c) => row[c])], context);
    expect(moved.decisions).toHaveLength(1);
    const missing = validateWorkbook([ALIGNMENT_COLUMNS.filter((c) => c !== 'decision')], context);
    expect(missing.errors).toEqual([
      { row: 1, column: 'decision', message: 'the header has no "decision" column' },
    ]);
  });
});
