import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startAlignSandboxes, type AlignSandboxes } from '../../../bench/alignSandboxes';
import { ALIGNMENT_COLUMNS } from '../../../worker/alignment/alignmentRows';
import { readWorkbook } from '../../../worker/alignment/workbookFiles';
import { openStore, type Store } from '../../../worker/store/store';
import { createTestDatabase } from '../../support/stores';

const run = promisify(execFile);
const KEYRING = `align-cli:${Buffer.alloc(32, 7).toString('base64')}`;
const ROOT = path.resolve(__dirname, '../../..');

/**
 * `npm run align` as people run it: its own process, built from config (DATABASE_URL, the key,
 * the sandbox ports), against the emulators and the store this test set up.
 */
describe('npm run align', () => {
  let store: Store;
  let s: AlignSandboxes;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let accounts: string[];

  beforeAll(async () => {
    const url = await createTestDatabase();
    store = await openStore({ kind: 'postgres', url });
    s = await startAlignSandboxes(store, { keyring: KEYRING, slug: 'cli-acme' });
    await s.plantXeroContacts(['Globex Ltd', 'Acme Ltd']);
    accounts = await s.plantAccounts(['GLOBEX Limited', 'Acme', 'ACME Inc']);
    dir = mkdtempSync(path.join(tmpdir(), 'align-cli-'));
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      LEDGERBRIDGE_DATA_DIR: dir,
      LOG_LEVEL: 'silent',
      DATABASE_URL: url,
      LEDGERBRIDGE_ENCRYPTION_KEYS: KEYRING,
      SANDBOX_XERO_PORT: String(s.ports.xero),
      SANDBOX_SALESFORCE_PORT: String(s.ports.salesforce),
    };
  });
  afterAll(async () => {
    await s.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const align = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'worker/cli/align.ts', ...args], { cwd: ROOT, env }).catch(
      (err: { code: number; stdout: string; stderr: string }) => ({ ...err, failed: err.code }),
    );

  it('exports, refuses a wrong row by row and column, shows a dry run, then applies', async () => {
    const file = path.join(dir, 'cli-acme.csv');
    const exported = await align('export', 'cli-acme', '--out', file);
    expect(exported.stdout).toContain('2 Xero contacts, 3 CRM records.');
    expect(exported.stdout).toContain('1 suggested, 1 ambiguous');

    const table = readWorkbook(readFileSync(file), 'csv');
    const at = (name: string) => table.findIndex((r) => r[ALIGNMENT_COLUMNS.indexOf('xero_name')] === name);
    const decision = ALIGNMENT_COLUMNS.indexOf('decision');
    const write = () =>
      writeFileSync(file, table.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n'));
    const globex = table[at('Globex Ltd')];
    const acme = table[at('Acme Ltd')];
    if (!globex || !acme) throw new Error('rows missing');
    globex[decision] = 'link';
    acme[decision] = 'link';
    write();
    const refused = await align('import', file);
    expect(refused).toMatchObject({ failed: 1 });
    expect(refused.stdout).toContain(`row ${at('Acme Ltd') + 1}, column decision (P): a bare "link" needs`);

    acme[decision] = `link ${accounts[2]}`;
    write();
    const dry = await align('import', file, '--dry-run');
    expect(dry.stdout).toContain('2 decision(s): 2 link');
    expect(dry.stdout).toContain('Dry run: nothing was applied.');

    const applied = await align('import', file, '--by', 'maria');
    expect(applied.stdout).toContain('Applied: 2 linked, 0 created, 0 ignored, 0 unchanged, 0 failed.');
    const audit = await store.db
      .selectFrom('audit_log')
      .select('actor')
      .where('actor', '=', 'ops:maria')
      .execute();
    expect(audit).toHaveLength(2);
    const again = await align('import', file);
    expect(again.stdout).toContain('Applied: 0 linked, 0 created, 0 ignored, 2 unchanged, 0 failed.');
  });
});
