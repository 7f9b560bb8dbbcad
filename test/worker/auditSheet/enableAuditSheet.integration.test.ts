import { createAuditSheetApi } from '../../../worker/connectors/sheets/auditSheetApi';
import { AUDIT_SHEET_COLUMNS } from '../../../worker/auditSheet/auditSheetRow';
import { enableAuditSheet, type EnableAuditSheetDeps } from '../../../worker/auditSheet/enableAuditSheet';
import { parseAuditSheetArgs } from '../../../worker/cli/ops/auditSheet';
import { startAuditSheetHarness, type AuditSheetHarness } from './auditSheetHarness';

describe('enabling an installation audit sheet', () => {
  let h: AuditSheetHarness;
  let started: string[];
  let slug: string;
  beforeEach(async () => {
    h = await startAuditSheetHarness();
    started = [];
    const row = await h.store.db
      .selectFrom('installations')
      .select('slug')
      .where('id', '=', h.installationId)
      .executeTakeFirstOrThrow();
    slug = row.slug;
  });
  afterEach(async () => h.close());

  const deps = (mode: 'sandbox' | 'live'): EnableAuditSheetDeps => ({
    db: h.store.db,
    settings: h.deps.settings,
    audit: h.deps.audit,
    mode,
    apiFor: (key) =>
      createAuditSheetApi({ key, endpoints: { mode: 'sandbox', baseUrl: h.server.url }, timeoutMs: 5_000 }),
    startDrain: (id) => Promise.resolve(void started.push(id)),
  });

  it('checks the sheet, seals the key, audits who enabled it and starts the drain', async () => {
    const { spreadsheetId, key } = h.emulator.seedDataset({ spreadsheetId: 'anotherAuditSheet01' });
    await enableAuditSheet(deps('sandbox'), {
      installation: slug,
      spreadsheetId,
      tab: 'Audit',
      keyJson: JSON.stringify(key),
      by: 'ops-cli:ana',
    });
    expect(started).toEqual([h.installationId]);
    // The empty tab got its header row once; enabling again does not add another.
    const tabOf = () => h.emulator.workbooks.get(spreadsheetId)?.tabs.get('Audit') ?? [];
    expect(tabOf()).toEqual([[...AUDIT_SHEET_COLUMNS]]);
    await enableAuditSheet(deps('sandbox'), {
      installation: slug,
      spreadsheetId,
      tab: 'Audit',
      keyJson: JSON.stringify(key),
      by: 'ops-cli:ana',
    });
    expect(tabOf()).toHaveLength(1);
    expect(await h.deps.settings.load(h.installationId)).toMatchObject({
      spreadsheetId,
      key: { client_email: key.client_email },
    });
    const stored = await h.store.db.selectFrom('audit_sheets').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.key_sealed)).not.toContain('PRIVATE KEY');
    const audit = await h.store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'audit_sheet_enabled')
      .execute();
    expect(audit.map((a) => [a.actor, a.subject])).toEqual([
      ['ops-cli:ana', { installationId: h.installationId, spreadsheetId }],
      ['ops-cli:ana', { installationId: h.installationId, spreadsheetId }],
    ]);
  });

  it('refuses a sandbox key while Sheets runs live, naming --key', async () => {
    const { spreadsheetId, key } = h.emulator.seedDataset({ spreadsheetId: 'anotherAuditSheet02' });
    await expect(
      enableAuditSheet(deps('live'), {
        installation: slug,
        spreadsheetId,
        tab: 'Audit',
        keyJson: JSON.stringify(key),
        by: 'x',
      }),
    ).rejects.toThrow(/^--key: .*sandbox service account/);
    expect(started).toEqual([]);
  });

  it('names the field of a bad key, an unshared sheet, a missing tab and an unknown installation', async () => {
    const { spreadsheetId, key } = h.emulator.seedDataset({ spreadsheetId: 'anotherAuditSheet03' });
    const other = h.emulator.seedDataset({ spreadsheetId: 'notSharedWithYou04' });
    const enable = (over: Partial<Parameters<typeof enableAuditSheet>[1]>) =>
      enableAuditSheet(deps('sandbox'), {
        installation: slug,
        spreadsheetId,
        tab: 'Audit',
        keyJson: JSON.stringify(key),
        by: 'x',
        ...over,
      });
    await expect(enable({ keyJson: '{"type":"authorized_user"}' })).rejects.toThrow(/^--key: type/);
    await expect(enable({ keyJson: 'nope' })).rejects.toThrow(/^--key: the file is not JSON/);
    await expect(enable({ spreadsheetId: other.spreadsheetId })).rejects.toThrow(
      /^--spreadsheet: .*share the spreadsheet with/,
    );
    await expect(enable({ tab: 'Ledger' })).rejects.toThrow(
      /^--tab: the spreadsheet has no tab "Ledger" \(it has: Audit\)/,
    );
    await expect(enable({ installation: 'nobody' })).rejects.toThrow(
      /^installation: no installation "nobody"/,
    );
    await expect(enable({ spreadsheetId: 'x/y' })).rejects.toThrow(/^--spreadsheet must be the ID/);
  });

  it('parses the ops command, naming what is missing', () => {
    expect(parseAuditSheetArgs(['enable', 'acme'], { spreadsheet: 'abcdefghij', key: 'k.json' })).toEqual({
      name: 'audit-sheet',
      action: 'enable',
      installation: 'acme',
      spreadsheetId: 'abcdefghij',
      keyFile: 'k.json',
      tab: 'Audit',
    });
    expect(parseAuditSheetArgs(['enable', 'acme'], { key: 'k.json' })).toEqual({
      error: expect.stringMatching(/--spreadsheet/) as unknown,
    });
    expect(parseAuditSheetArgs(['status', 'acme'], {})).toEqual({
      name: 'audit-sheet',
      action: 'status',
      installation: 'acme',
    });
    expect(parseAuditSheetArgs(['flush'], {})).toEqual({
      error: 'audit-sheet needs enable, disable or status',
    });
  });
});
