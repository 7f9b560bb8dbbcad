/**
 * npm run bench:parity — a parity check's comparison at scale: 100,000 invoice pairs (and their
 * contacts) with planted differences go through the same store and compare steps the parity
 * workflow's activities use (snapshot pages in, keyed compare pages out, findings stored), on a
 * throwaway PostgreSQL (BENCH_STORE=pglite: the embedded store). The vendors' reads are left out:
 * their pace is the vendors' rate limits, not ours. Last line:
 * {"pairs":…,"findings":…,"wall_s":…,"peak_rss_mb":…}
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { mappingSettingsSchema } from '../workflows/domain/mappingSettings';
import type {
  CrmAccountFacts,
  CrmDealFacts,
  XeroContactFacts,
  XeroInvoiceFacts,
} from '../workflows/domain/parity/parityFacts';
import { startTestPostgres } from '../test/support/postgres';
import { compareStart, compareStep, type CompareCursor } from '../worker/parity/compareRun';
import { ParityStore } from '../worker/parity/parityStore';
import { openStore } from '../worker/store/store';
import { trackPeakRss } from './peakRss';

const PAIRS = Number(process.env.BENCH_PAIRS ?? 100_000);
const CONTACTS = Math.max(1, Math.round(PAIRS / 50));
const PAGE = 5_000;
/** Every 40th pair gets a difference (rotating through the kinds); every 37th a near-miss. */
const PLANT_EVERY = 40;
const NEAR_MISS_EVERY = 37;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const invoiceId = (i: number) => `00000000-0000-4000-8000-${hex(i, 12)}`;
const contactId = (i: number) => `c0000000-0000-4000-8000-${hex(i, 12)}`;

type Plant = 'amount' | 'status' | 'date' | 'missing_in_crm' | 'orphaned_link' | 'contact';
const PLANTS: Plant[] = ['amount', 'status', 'date', 'missing_in_crm', 'orphaned_link', 'contact'];

/** Pair i on both sides, with its planted difference or near-miss, if any. */
function pair(i: number): { xero?: XeroInvoiceFacts; crm?: CrmDealFacts; planted: number } {
  const contact = i % CONTACTS;
  const total = 100 + (i % 997) + 0.25;
  const date = `2026-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
  const xero: XeroInvoiceFacts = {
    id: invoiceId(i),
    number: `INV-${i}`,
    type: 'ACCREC',
    status: 'AUTHORISED',
    contactId: contactId(contact),
    currency: 'USD',
    date,
    subTotal: total,
    total,
    amountDue: total,
    amountPaid: 0,
    amountCredited: 0,
    tracking: [],
  };
  const crm: CrmDealFacts = {
    id: `deal-${i}`,
    name: `Deal ${i}`,
    xeroInvoiceId: xero.id,
    invoiceStatus: 'AUTHORISED',
    isWon: true,
    amount: total,
    amountDue: total,
    amountPaid: 0,
    currency: 'USD',
    closeDate: date,
    accountCrmId: `acct-${contact}`,
    accountXeroContactId: contactId(contact),
  };
  if (i % NEAR_MISS_EVERY === 0) {
    crm.amount = total + 0.004; // rounding
    crm.closeDate = new Date(Date.parse(`${date}T00:00:00Z`) - 13 * 3_600_000).toISOString(); // Auckland midnight
  }
  if (i % PLANT_EVERY !== 0) return { xero, crm, planted: 0 };
  const plant = PLANTS[(i / PLANT_EVERY) % PLANTS.length] as Plant;
  switch (plant) {
    case 'amount':
      return { xero, crm: { ...crm, amount: total + 1 }, planted: 1 };
    case 'status':
      return { xero, crm: { ...crm, invoiceStatus: 'PAID' }, planted: 1 };
    case 'date':
      return { xero, crm: { ...crm, closeDate: '2025-01-01' }, planted: 1 };
    case 'missing_in_crm':
      return { xero, planted: 1 };
    case 'orphaned_link':
      return { crm, planted: 1 };
    case 'contact':
      return {
        xero,
        crm: { ...crm, accountXeroContactId: contactId((contact + 1) % CONTACTS) },
        planted: CONTACTS > 1 ? 1 : 0,
      };
  }
}

async function run(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-parity-'));
  const postgres =
    process.env.BENCH_STORE === 'pglite' || process.env.DATABASE_URL ? undefined : await startTestPostgres();
  const databaseUrl = process.env.DATABASE_URL ?? postgres?.url;
  const store = databaseUrl
    ? await openStore({ kind: 'postgres', url: databaseUrl })
    : await openStore({ kind: 'pglite', dataDir: path.join(dir, 'store') });
  try {
    const parity = new ParityStore(store.db);
    const settings = mappingSettingsSchema.parse({});
    const runId = randomUUID();
    await parity.startRun({
      runId,
      xeroTenantId: 'bench',
      crm: 'salesforce',
      crmConnectionId: 'bench',
      trigger: 'manual',
      workflowId: 'bench',
    });
    const rss = trackPeakRss();
    const started = performance.now();

    // Snapshot: contacts, then invoice pages of 5,000 as the collect activity writes them.
    const xeroContacts: XeroContactFacts[] = [];
    const accounts: CrmAccountFacts[] = [];
    for (let c = 0; c < CONTACTS; c++) {
      xeroContacts.push({
        id: contactId(c),
        name: `Customer ${c}`,
        groups: [],
        isCustomer: true,
        status: 'ACTIVE',
      });
      accounts.push({ id: `acct-${c}`, name: `Customer ${c}`, xeroContactId: contactId(c) });
    }
    await parity.putRecords(
      runId,
      'xero',
      'contact',
      xeroContacts.map((f) => ({ matchKey: f.id, recordId: f.id, facts: f })),
    );
    await parity.putRecords(
      runId,
      'crm',
      'contact',
      accounts.map((f) => ({ matchKey: f.xeroContactId ?? '', recordId: f.id, facts: f })),
    );
    let planted = 0;
    for (let start = 0; start < PAIRS; start += PAGE) {
      const xeroPage: XeroInvoiceFacts[] = [];
      const crmPage: CrmDealFacts[] = [];
      for (let i = start; i < Math.min(PAIRS, start + PAGE); i++) {
        const p = pair(i);
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
    const snapshotS = (performance.now() - started) / 1000;

    // Compare, in the workflow's keyed pages.
    let cursor: CompareCursor = compareStart;
    let pairs = 0;
    while (cursor.phase !== 'done') {
      const step = await compareStep(parity, {
        runId,
        cursor,
        settings,
        wonSince: '2020-01-01',
        pageSize: 2_000,
      });
      cursor = step.cursor;
      pairs += step.pairsCompared;
    }
    const totals = await parity.finishRun(runId, pairs);
    const wall = (performance.now() - started) / 1000;
    const peak = rss.stop();

    console.log(
      `Parity comparison of ${PAIRS.toLocaleString()} invoice pairs (${CONTACTS.toLocaleString()} contacts)`,
    );
    console.log(
      `  store: ${databaseUrl ? 'PostgreSQL' : 'PGlite'}; snapshot ${snapshotS.toFixed(1)} s, compare ${(wall - snapshotS).toFixed(1)} s`,
    );
    console.log(`  pairs compared ${pairs.toLocaleString()} (both sides present; contacts included)`);
    console.log(`  findings ${totals.findings} (planted ${planted}): ${JSON.stringify(totals.byKind)}`);
    console.log(
      `  ${totals.findings === planted ? 'every planted difference found, no near-miss flagged' : 'FINDINGS DIFFER FROM THE PLANTED DIFFERENCES'}`,
    );
    console.log(`  wall ${wall.toFixed(2)} s, peak RSS ${peak} MB (aim: ≤ 5 s and ≤ 256 MB)`);
    console.log(
      JSON.stringify({
        pairs,
        findings: totals.findings,
        wall_s: Number(wall.toFixed(2)),
        peak_rss_mb: peak,
      }),
    );
    if (totals.findings !== planted) process.exitCode = 1;
  } finally {
    await store.close();
    postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err) => {
  console.error(err);
  process.exit(1);
});
