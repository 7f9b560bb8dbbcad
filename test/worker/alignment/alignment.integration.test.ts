import { startAlignSandboxes, type AlignSandboxes } from '../../../bench/alignSandboxes';
import { ALIGNMENT_COLUMNS, type AlignmentRow } from '../../../worker/alignment/alignmentRows';
import { exportAlignment } from '../../../worker/alignment/exportAlignment';
import { importAlignment } from '../../../worker/alignment/importAlignment';
import { readWorkbook, writeWorkbook, type WorkbookFormat } from '../../../worker/alignment/workbookFiles';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/**
 * The alignment workbook end to end over the Xero, Salesforce and HubSpot emulators through the
 * real connectors: export, a person's edits, dry run, import through applyPersonDecision, and the
 * re-imports that must write nothing.
 */
describe('alignment workbook', () => {
  let store: Store;
  let s: AlignSandboxes;
  let xeroIds: Record<string, string>;
  let sfIds: Record<string, string>;
  let hsIds: Record<string, string>;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    s = await startAlignSandboxes(store, { hubspot: true });
    const xeroNames = ['Globex Ltd', 'Acme Ltd', 'Tyrell Corp', 'Initech', 'Soylent'];
    const sfNames = ['GLOBEX Limited', 'Acme', 'ACME Limited', 'Initech', 'Cyberdyne Systems', 'Soylent'];
    const hsNames = ['Globex', 'Acme', 'Soylent Inc'];
    const byName = (names: string[], ids: string[]) =>
      Object.fromEntries(names.map((n, i) => [n, ids[i] ?? '']));
    xeroIds = byName(xeroNames, await s.plantXeroContacts(xeroNames));
    sfIds = byName(sfNames, await s.plantAccounts(sfNames));
    hsIds = byName(hsNames, await s.plantCompanies(hsNames));
  });
  afterAll(async () => {
    await s.close();
    await store.close();
  });

  const exported = async (format: WorkbookFormat) => {
    const result = await exportAlignment(s.deps, s.slug);
    return { result, table: readWorkbook(writeWorkbook(result.rows, format, result.references), format) };
  };
  const rowOf = (table: string[][], crm: 'salesforce' | 'hubspot', xeroName: string) => {
    const i = table.findIndex(
      (cells) =>
        cells[ALIGNMENT_COLUMNS.indexOf('xero_name')] === xeroName && (cells[7] ?? '').startsWith(crm),
    );
    if (i < 0) throw new Error(`no ${crm} row for ${xeroName}`);
    return i;
  };
  const set = (table: string[][], row: number, column: keyof AlignmentRow, value: string) => {
    const cells = table[row];
    if (cells) cells[ALIGNMENT_COLUMNS.indexOf(column)] = value;
  };
  const cell = (table: string[][], row: number, column: keyof AlignmentRow) =>
    table[row]?.[ALIGNMENT_COLUMNS.indexOf(column)];
  const auditRows = async () =>
    store.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'detail'])
      .where('actor', 'like', 'ops:%')
      .execute();
  const sfLink = async (id: string) =>
    (await s.sf().sobject('Account').retrieve(id)) as unknown as { Xero_Contact_ID__c: string | null };

  let edited: string[][];

  it('exports both sides with suggestions, leaves ambiguity to a person, and an unedited import writes nothing', async () => {
    const { result, table } = await exported('xlsx');
    expect(result.counts).toMatchObject({ xeroContacts: 5, crmAccounts: 9 });
    expect(cell(table, rowOf(table, 'salesforce', 'Globex Ltd'), 'status')).toBe('suggested');
    expect(cell(table, rowOf(table, 'salesforce', 'Globex Ltd'), 'crm_id')).toBe(sfIds['GLOBEX Limited']);
    const acme = rowOf(table, 'salesforce', 'Acme Ltd');
    expect(cell(table, acme, 'status')).toBe('ambiguous');
    expect(cell(table, acme, 'candidates')).toContain(sfIds['ACME Limited']);
    expect(cell(table, rowOf(table, 'hubspot', 'Acme Ltd'), 'status')).toBe('suggested');
    expect(cell(table, rowOf(table, 'hubspot', 'Tyrell Corp'), 'status')).toBe('no_match');
    expect(table.some((r) => r.includes('crm_only') && r.includes('Cyberdyne Systems'))).toBe(true);
    expect(table.slice(1).every((r) => cell([r], 0, 'decision') === '')).toBe(true);

    const writes = s.crmWrites();
    const result2 = await importAlignment(s.deps, { table, dryRun: false, by: 'ops:test' });
    expect(result2.errors).toEqual([]);
    expect(result2.applied?.outcomes).toEqual({ linked: 0, created: 0, ignored: 0, unchanged: 0 });
    expect(s.crmWrites() - writes).toBe(0);
    expect(await auditRows()).toEqual([]);
    edited = table;
  });

  it('shows what would change on a dry run, then applies the decisions with one audit row each', async () => {
    set(edited, rowOf(edited, 'salesforce', 'Globex Ltd'), 'decision', 'link');
    set(edited, rowOf(edited, 'salesforce', 'Acme Ltd'), 'decision', `link ${sfIds['ACME Limited']}`);
    set(edited, rowOf(edited, 'salesforce', 'Tyrell Corp'), 'decision', 'create');
    set(edited, rowOf(edited, 'hubspot', 'Acme Ltd'), 'decision', 'LINK');
    set(edited, rowOf(edited, 'hubspot', 'Tyrell Corp'), 'decision', 'ignore');
    set(edited, rowOf(edited, 'hubspot', 'Tyrell Corp'), 'reason', 'internal test contact');

    const writes = s.crmWrites();
    const dry = await importAlignment(s.deps, { table: edited, dryRun: true, by: 'ops:test' });
    expect(dry.plan.map((p) => p.kind).sort()).toEqual(['create', 'ignore', 'link', 'link', 'link']);
    expect(dry.applied).toBeUndefined();
    expect(s.crmWrites() - writes).toBe(0);

    const done = await importAlignment(s.deps, { table: edited, dryRun: false, by: 'ops:test' });
    expect(done.applied).toEqual({
      outcomes: { linked: 3, created: 1, ignored: 1, unchanged: 0 },
      failed: [],
    });
    expect((await sfLink(sfIds['GLOBEX Limited'] ?? '')).Xero_Contact_ID__c).toBe(xeroIds['Globex Ltd']);
    expect((await sfLink(sfIds['ACME Limited'] ?? '')).Xero_Contact_ID__c).toBe(xeroIds['Acme Ltd']);
    expect((await sfLink(sfIds.Acme ?? '')).Xero_Contact_ID__c ?? null).toBeNull();
    const company = await s.hs().crm.companies.basicApi.getById(hsIds.Acme ?? '', ['xero_contact_id']);
    expect(company.properties.xero_contact_id).toBe(xeroIds['Acme Ltd']);
    const created = await s
      .sf()
      .query<{ Name: string }>(
        `SELECT Name FROM Account WHERE Xero_Contact_ID__c = '${xeroIds['Tyrell Corp']}'`,
      );
    expect(created.records.map((r) => r.Name)).toEqual(['Tyrell Corp']);
    const audit = await auditRows();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'contact_linked_by_person',
      'contact_linked_by_person',
      'contact_linked_by_person',
      'contact_linked_by_person',
      'contact_review_ignored',
    ]);
    expect(audit.every((a) => a.actor === 'ops:test' && a.detail.source === 'alignment')).toBe(true);
  });

  it('writes nothing when the same edited workbook is imported again, or a fresh export unedited', async () => {
    const writes = s.crmWrites();
    const audits = (await auditRows()).length;
    const again = await importAlignment(s.deps, { table: edited, dryRun: false, by: 'ops:test' });
    expect(again.plan.map((p) => p.kind).filter((k) => k !== 'unchanged' && k !== 'ignore')).toEqual([]);
    expect(again.applied).toEqual({
      outcomes: { linked: 0, created: 0, ignored: 0, unchanged: 5 },
      failed: [],
    });

    const { table } = await exported('csv');
    expect(cell(table, rowOf(table, 'salesforce', 'Globex Ltd'), 'status')).toBe('linked');
    expect(cell(table, rowOf(table, 'salesforce', 'Acme Ltd'), 'status')).toBe('linked');
    const fresh = await importAlignment(s.deps, { table, dryRun: false, by: 'ops:test' });
    expect(fresh.applied?.outcomes).toEqual({ linked: 0, created: 0, ignored: 0, unchanged: 0 });
    expect(s.crmWrites() - writes).toBe(0);
    expect((await auditRows()).length).toBe(audits);
  });

  it('applies nothing while any row is wrong, naming each row and column', async () => {
    const { table } = await exported('csv');
    const soylent = rowOf(table, 'salesforce', 'Soylent');
    set(table, soylent, 'decision', 'link');
    set(table, rowOf(table, 'hubspot', 'Soylent'), 'decision', 'merge');
    set(table, rowOf(table, 'hubspot', 'Initech'), 'decision', 'link 001Hs00000AAAAA');
    const writes = s.crmWrites();
    const result = await importAlignment(s.deps, { table, dryRun: false, by: 'ops:test' });
    const wrong = [rowOf(table, 'hubspot', 'Initech') + 1, rowOf(table, 'hubspot', 'Soylent') + 1];
    expect(result.errors.map((e) => [e.row, e.column])).toEqual(
      wrong.sort((a, b) => a - b).map((row) => [row, 'decision (P)']),
    );
    expect(result.applied).toBeUndefined();
    expect(s.crmWrites() - writes).toBe(0);
  });

  it('refuses a link to a record linked to another contact since the export, and applies the rest', async () => {
    const { table } = await exported('csv');
    // Since the export, someone linked Soylent's suggested record to Initech.
    const initech = rowOf(table, 'salesforce', 'Initech');
    const soylent = rowOf(table, 'salesforce', 'Soylent');
    set(table, soylent, 'decision', 'link');
    set(table, rowOf(table, 'hubspot', 'Soylent'), 'decision', 'create');
    const sneaky = table.map((r) => [...r]);
    set(sneaky, initech, 'decision', `link ${sfIds.Soylent}`);
    for (let i = 1; i < sneaky.length; i++) if (i !== initech) set(sneaky, i, 'decision', '');
    expect(
      (await importAlignment(s.deps, { table: sneaky, dryRun: false, by: 'ops:other' })).applied?.outcomes
        .linked,
    ).toBe(1);

    const result = await importAlignment(s.deps, { table, dryRun: false, by: 'ops:test' });
    expect(result.applied?.outcomes).toMatchObject({ created: 1 });
    expect(result.applied?.failed).toEqual([
      { row: soylent + 1, message: expect.stringMatching(/already linked to Xero contact/) },
    ]);
  });
});
