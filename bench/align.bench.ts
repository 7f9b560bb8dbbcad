/**
 * npm run bench:align — the alignment workbook at scale, against a bare baseline in the same run.
 * 2,000 Xero contacts and 2,000 Salesforce Accounts (BENCH_CUSTOMERS) go into the emulators, with
 * 100 planted ambiguities (BENCH_AMBIGUOUS: one contact, two accounts of its name) and as many
 * contacts with no account. Then: export (XLSX), an unedited import, a person's edits (accept every
 * suggestion, pick the first candidate of each ambiguous row, create or ignore the unmatched),
 * the import, the same import again and a fresh export imported unedited. The baseline lists both
 * sides with the bare SDKs (xero-node, jsforce) and nothing else; export and baseline take turns,
 * BENCH_ROUNDS (3) each, and each one's best round is its figure. Last line:
 * {"customers":…,"suggested":…,"auto_linked_ambiguous":…,"applied":…,"reimport_writes":…,"wall_s":…,
 *  "export_s":…,"import_s":…,"baseline_s":…,"ratio":…,"list_s":…,"list_ratio":…,"failed":…}
 * where wall_s is one export plus the person's import, ratio is export_s / baseline_s (the XLSX
 * file included), list_ratio the same without writing the file (listing and pairing only), and
 * reimport_writes counts CRM write requests and audit rows of the two re-imports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Connection as JsforceConnection, QueryResult } from 'jsforce';
import type { XeroClient } from 'xero-node';
import { ALIGNMENT_COLUMNS, type AlignmentColumn } from '../worker/alignment/alignmentRows';
import { exportAlignment } from '../worker/alignment/exportAlignment';
import { importAlignment, type AlignmentImport } from '../worker/alignment/importAlignment';
import { readWorkbook, writeWorkbook } from '../worker/alignment/workbookFiles';
import { startAlignSandboxes, type AlignSandboxes } from './alignSandboxes';
import { openBenchStore } from './benchStore';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 2_000);
const AMBIGUOUS = Number(process.env.BENCH_AMBIGUOUS ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BY = 'ops:bench';

const seconds = (since: number) => (performance.now() - since) / 1000;
const pad = (i: number) => String(i).padStart(5, '0');
const col = (c: AlignmentColumn) => ALIGNMENT_COLUMNS.indexOf(c);

/** Names: matched ones differ in case and legal suffix only; ambiguous ones have two accounts. */
function plantedNames() {
  const matched = CUSTOMERS - 2 * AMBIGUOUS;
  const xero: string[] = [];
  const crm: string[] = [];
  for (let i = 0; i < CUSTOMERS; i++) xero.push(`Alignco ${pad(i)} Trading`);
  for (let i = 0; i < matched; i++) crm.push(`ALIGNCO ${pad(i)} TRADING Ltd`);
  for (let i = matched; i < matched + AMBIGUOUS; i++)
    crm.push(`Alignco ${pad(i)} Trading`, `Alignco ${pad(i)} Trading Limited`);
  return { xero, crm, ambiguous: new Set(xero.slice(matched, matched + AMBIGUOUS)) };
}

/** The bare path: every contact and every account, read with the SDKs and nothing more. */
async function bareListing(xero: { client: XeroClient; tenantId: string }, sf: JsforceConnection) {
  let contacts = 0;
  for (let page = 1; ; page++) {
    const res = await xero.client.accountingApi.getContacts(
      xero.tenantId,
      undefined,
      undefined,
      undefined,
      undefined,
      page,
      true,
      undefined,
      undefined,
      1_000,
    );
    const n = res.body.contacts?.length ?? 0;
    contacts += n;
    if (n < 1_000) break;
  }
  type Row = { Id: string; Name: string; Xero_Contact_ID__c: string | null };
  let result: QueryResult<Row> = await sf.query<Row>('SELECT Id, Name, Xero_Contact_ID__c FROM Account');
  let accounts = result.records.length;
  while (!result.done && result.nextRecordsUrl) {
    result = await sf.queryMore<Row>(result.nextRecordsUrl);
    accounts += result.records.length;
  }
  return { contacts, accounts };
}

async function auditCount(s: AlignSandboxes): Promise<number> {
  const row = await s.deps.db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('actor', '=', BY)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** CRM write requests and audit rows made while `fn` runs. */
async function writesDuring(s: AlignSandboxes, fn: () => Promise<AlignmentImport>) {
  const before = { crm: s.crmWrites(), audit: await auditCount(s) };
  const result = await fn();
  return { result, writes: s.crmWrites() - before.crm + (await auditCount(s)) - before.audit };
}

async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-align-'));
  const bench = await openBenchStore(dir);
  const s = await startAlignSandboxes(bench.store, { slug: 'align-bench' });
  try {
    const names = plantedNames();
    const planting = performance.now();
    await s.plantXeroContacts(names.xero);
    await s.plantAccounts(names.crm);
    console.log(
      `planted ${names.xero.length} contacts, ${names.crm.length} accounts in ${seconds(planting).toFixed(1)} s`,
    );

    const sf = s.sf();
    let exportBest = Infinity;
    let listBest = Infinity;
    let baselineBest = Infinity;
    let workbook: Buffer | undefined;
    let exported: Awaited<ReturnType<typeof exportAlignment>> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      const listed = await bareListing(s.xero, sf);
      const baseline = seconds(t0);
      baselineBest = Math.min(baselineBest, baseline);
      const t1 = performance.now();
      exported = await exportAlignment(s.deps, s.slug);
      listBest = Math.min(listBest, seconds(t1));
      workbook = writeWorkbook(exported.rows, 'xlsx', exported.references);
      const exportSeconds = seconds(t1);
      exportBest = Math.min(exportBest, exportSeconds);
      console.log(
        `round ${round + 1}: baseline ${baseline.toFixed(2)} s (${listed.contacts} + ${listed.accounts}), export ${exportSeconds.toFixed(2)} s (${workbook.length} bytes)`,
      );
    }
    if (!workbook || !exported) throw new Error('no round ran');
    console.log(`export counts: ${JSON.stringify(exported.counts)}`);

    const table = readWorkbook(workbook, 'xlsx');
    // Ambiguity settled by the export alone: a planted ambiguous contact given a suggestion...
    let autoLinkedAmbiguous = table.filter(
      (r) => names.ambiguous.has(r[col('xero_name')] ?? '') && r[col('status')] !== 'ambiguous',
    ).length;
    // ...or linked by importing the workbook as exported.
    const unedited = await writesDuring(s, () => importAlignment(s.deps, { table, dryRun: false, by: BY }));
    const linkedAfter = await s.deps.db
      .selectFrom('record_links')
      .select('xero_id')
      .where('crm_object', '=', 'account')
      .execute();
    const ambiguousIds = new Set(
      table
        .filter((r) => names.ambiguous.has(r[col('xero_name')] ?? ''))
        .map((r) => r[col('xero_contact_id')]),
    );
    autoLinkedAmbiguous += linkedAfter.filter((l) => ambiguousIds.has(l.xero_id)).length;

    // The person: accept each suggestion, pick a candidate, create or ignore the rest.
    let unmatched = 0;
    for (const r of table.slice(1)) {
      const status = r[col('status')];
      const decision =
        status === 'suggested'
          ? 'link'
          : status === 'ambiguous'
            ? `link ${(r[col('candidates')] ?? '').split(' ')[0]}`
            : status === 'no_match'
              ? unmatched++ % 2 === 0
                ? 'create'
                : 'ignore'
              : '';
      r[col('decision')] = decision;
      if (decision === 'ignore') r[col('reason')] = 'not a customer';
    }
    const importStarted = performance.now();
    const applied = await importAlignment(s.deps, { table, dryRun: false, by: BY });
    const importSeconds = seconds(importStarted);
    if (applied.errors.length > 0)
      throw new Error(`import refused: ${JSON.stringify(applied.errors.slice(0, 5))}`);
    const outcomes = applied.applied?.outcomes ?? { linked: 0, created: 0, ignored: 0, unchanged: 0 };
    const failed = applied.applied?.failed ?? [];
    console.log(`import ${importSeconds.toFixed(2)} s: ${JSON.stringify(outcomes)}, ${failed.length} failed`);
    for (const f of failed.slice(0, 5)) console.log(`  row ${f.row}: ${f.message}`);

    const again = await writesDuring(s, () => importAlignment(s.deps, { table, dryRun: false, by: BY }));
    const fresh = await exportAlignment(s.deps, s.slug);
    const freshTable = readWorkbook(writeWorkbook(fresh.rows, 'xlsx'), 'xlsx');
    const reimported = await writesDuring(s, () =>
      importAlignment(s.deps, { table: freshTable, dryRun: false, by: BY }),
    );
    console.log(
      `re-import of the edits: ${JSON.stringify(again.result.applied?.outcomes)}; fresh export ${JSON.stringify(fresh.counts)} imported unedited: ${reimported.writes} writes; first unedited import: ${unedited.writes} writes`,
    );

    console.log(
      JSON.stringify({
        customers: CUSTOMERS,
        suggested: exported.counts.suggested,
        auto_linked_ambiguous: autoLinkedAmbiguous,
        applied: outcomes.linked + outcomes.created + outcomes.ignored,
        reimport_writes: again.writes + reimported.writes,
        wall_s: Number((exportBest + importSeconds).toFixed(2)),
        export_s: Number(exportBest.toFixed(2)),
        import_s: Number(importSeconds.toFixed(2)),
        baseline_s: Number(baselineBest.toFixed(2)),
        ratio: Number((exportBest / baselineBest).toFixed(2)),
        list_s: Number(listBest.toFixed(2)),
        list_ratio: Number((listBest / baselineBest).toFixed(2)),
        failed: failed.length,
      }),
    );
  } finally {
    await s.close();
    await bench.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
