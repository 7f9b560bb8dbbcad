/**
 * npm run bench:parity — a parity check's comparison at scale, against a bare baseline in the same
 * run. 100,000 invoice pairs (and their contacts) with planted differences go into the snapshot
 * through the store the collect activity uses; Ledgerbridge's compare steps (keyed pages, findings
 * stored, then finishRun) and the baseline (one SQL statement, bench/parityBaseline.ts) compare the
 * same snapshot rows. The two alternate, three rounds each (BENCH_ROUNDS), so cache warmth and
 * the other load on the machine favour neither; each one's best round is its figure. Both must
 * find exactly the planted differences, the same rows. On a throwaway PostgreSQL (BENCH_STORE=pglite: the embedded store). The vendors'
 * reads are left out: their pace is the vendors' rate limits, not ours. Last line:
 * {"pairs":…,"findings":…,"wall_s":…,"baseline_s":…,"ratio":…,"snapshot_s":…,"peak_rss_mb":…}
 * where wall_s is Ledgerbridge's compare (steps + finishRun) and snapshot_s the shared writes.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mappingSettingsSchema } from '../workflows/domain/mappingSettings';
import type { CrmDealFacts, XeroInvoiceFacts } from '../workflows/domain/parity/parityFacts';
import { compareStart, compareStep, type CompareCursor } from '../worker/parity/compareRun';
import { ParityStore } from '../worker/parity/parityStore';
import { baselineFindings, findingsDisagreement, type BaselineFinding } from './parityBaseline';
import { openBenchStore } from './benchStore';
import { contactCount, contacts, pair } from './parityData';
import { trackPeakRss } from './peakRss';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 100_000);
const CONTACTS = contactCount(PAIRS);
const PAGE = 5_000;
const COMPARE_PAGE = Number(process.env.BENCH_COMPARE_PAGE ?? 2_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WON_SINCE = '2020-01-01';
const settings = mappingSettingsSchema.parse({});

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Contacts, then invoice pages of 5,000 as the collect activity writes them. Returns the planted count. */
async function snapshot(parity: ParityStore, runId: string): Promise<number> {
  const both = contacts(CONTACTS);
  await parity.putRecords(
    runId,
    'xero',
    'contact',
    both.xero.map((f) => ({ matchKey: f.id, recordId: f.id, facts: f })),
  );
  await parity.putRecords(
    runId,
    'crm',
    'contact',
    both.crm.map((f) => ({ matchKey: f.xeroContactId ?? '', recordId: f.id, facts: f })),
  );
  let planted = 0;
  for (let start = 0; start < PAIRS; start += PAGE) {
    const xeroPage: XeroInvoiceFacts[] = [];
    const crmPage: CrmDealFacts[] = [];
    for (let i = start; i < Math.min(PAIRS, start + PAGE); i++) {
      const p = pair(i, CONTACTS);
      planted += p.planted;
      if (p.xero) xeroPage.push(p.xero);
      if (p.crm) crmPage.push(p.crm);
    }
    // The workflow reads Xero and the CRM side by side.
    await Promise.all([
      parity.putRecords(
        runId,
        'xero',
        'invoice',
        xeroPage.map((f) => ({ matchKey: f.id, recordId: f.id, facts: f })),
      ),
      parity.putRecords(
        runId,
        'crm',
        'invoice',
        crmPage.map((f) => ({ matchKey: f.xeroInvoiceId ?? '', recordId: f.id, facts: f })),
      ),
    ]);
  }
  return planted;
}

/** Ledgerbridge's compare steps, in the workflow's keyed pages. */
async function compareAll(parity: ParityStore, runId: string): Promise<number> {
  let cursor: CompareCursor = compareStart;
  let pairs = 0;
  while (cursor.phase !== 'done') {
    const step = await compareStep(parity, {
      runId,
      cursor,
      settings,
      wonSince: WON_SINCE,
      pageSize: COMPARE_PAGE,
    });
    cursor = step.cursor;
    pairs += step.pairsCompared;
  }
  return pairs;
}

async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-parity-'));
  const bench = await openBenchStore(dir);
  const { store } = bench;
  try {
    const parity = new ParityStore(store.db);
    const runId = randomUUID();
    await parity.startRun({
      runId,
      xeroTenantId: 'bench',
      crm: 'salesforce',
      crmConnectionId: 'bench',
      trigger: 'manual',
      workflowId: 'bench',
    });
    const rssAtStart = Math.round(process.memoryUsage.rss() / 1024 / 1024);
    // One tracker at a time: on Linux each start resets the kernel's peak (bench/peakRss.ts).
    const snapshotRss = trackPeakRss();
    let started = performance.now();
    const planted = await snapshot(parity, runId);
    const snapshotS = seconds(started);
    const snapshotPeak = snapshotRss.stop();

    // Alternate the two, ROUNDS times each, and keep each one's best: neither gets the warmer cache.
    const compareRss = trackPeakRss();
    const baselineRuns: Array<{ s: number; rows: BaselineFinding[] }> = [];
    const stepRuns: number[] = [];
    let pairs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      started = performance.now();
      const rows = await baselineFindings(store.db, { runId, settings, wonSince: WON_SINCE });
      baselineRuns.push({ s: seconds(started), rows });
      // Each round of Ledgerbridge's compare stores its findings afresh (untimed clean-up).
      await store.db.deleteFrom('parity_findings').where('run_id', '=', runId).execute();
      started = performance.now();
      pairs = await compareAll(parity, runId);
      stepRuns.push(seconds(started));
    }
    started = performance.now();
    const totals = await parity.finishRun(runId, pairs);
    const finishS = seconds(started);
    const comparePeak = compareRss.stop();
    const peak = Math.max(snapshotPeak, comparePeak);

    const stepsS = Math.min(...stepRuns);
    const wall = stepsS + finishS;
    const baseline = Math.min(...baselineRuns.map((b) => b.s));
    const ratio = wall / baseline;
    const ours = (await parity.findings(runId)) as BaselineFinding[];
    const disagreements = baselineRuns.map((b) => findingsDisagreement(ours, b.rows));
    const agree = disagreements.every(
      (d) => d.onlyOurs.length + d.onlyBaseline.length + d.differing.length === 0,
    );
    const ok = totals.findings === planted && baselineRuns.every((b) => b.rows.length === planted) && agree;

    console.log(
      `Parity comparison of ${PAIRS.toLocaleString()} invoice pairs (${CONTACTS.toLocaleString()} contacts)`,
    );
    console.log(
      `  store: ${store.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}; snapshot writes ${snapshotS.toFixed(2)} s (shared)`,
    );
    console.log(
      `  Ledgerbridge compare ${wall.toFixed(2)} s: steps ${stepRuns.map((r) => r.toFixed(2)).join(' / ')} s (pages of ${COMPARE_PAGE}), best + finishRun ${finishS.toFixed(2)} s`,
    );
    console.log(
      `  baseline (one SQL statement) ${baselineRuns.map((b) => b.s.toFixed(2)).join(' / ')} s, best ${baseline.toFixed(2)} s (alternating with Ledgerbridge's steps)`,
    );
    console.log(
      `  ratio ${ratio.toFixed(2)} × (aim ≤ 1.5 ×), peak RSS ${peak} MB (aim ≤ 256 MB; ${rssAtStart} MB with the store open, ${snapshotPeak} MB peak while writing the snapshot, ${comparePeak} MB while comparing)`,
    );
    console.log(`  pairs compared ${pairs.toLocaleString()} (both sides present; contacts included)`);
    console.log(
      `  findings ${totals.findings}, baseline ${baselineRuns.map((b) => b.rows.length).join(' / ')}, planted ${planted}: ${JSON.stringify(totals.byKind)}`,
    );
    if (!agree)
      console.log(`  FINDINGS DISAGREE WITH THE BASELINE: ${JSON.stringify(disagreements).slice(0, 2_000)}`);
    console.log(
      `  ${ok ? 'every planted difference found by both, the same rows, no near-miss flagged' : 'FINDINGS DIFFER FROM THE PLANTED DIFFERENCES'}`,
    );
    console.log(
      JSON.stringify({
        pairs,
        findings: totals.findings,
        wall_s: Number(wall.toFixed(2)),
        baseline_s: Number(baseline.toFixed(2)),
        ratio: Number(ratio.toFixed(2)),
        snapshot_s: Number(snapshotS.toFixed(2)),
        peak_rss_mb: peak,
      }),
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await bench.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
