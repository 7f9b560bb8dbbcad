import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { XeroClient } from 'xero-node';
import { trackPeakRss } from './peakRss';

/**
 * `npm run bench:sandbox`: seed 100,000 invoices into the Xero emulator, then page through all of
 * them with xero-node at the largest page size (1,000): with summaryOnly, as the worker's
 * safety-net pull does (page_s), then with every line item (page_full_s). The emulator runs on its own thread, as the
 * sandbox is its own server; peak RSS covers both threads. Rate limits are lifted for the bench
 * (`createXeroEmulator({ rateLimits: {...} })`): it measures the emulator, not Xero's 60 calls a
 * minute. Most of the paging time is xero-node's own model deserialisation (~55 ms per 1,000
 * invoices on a 2-core machine), which no emulator can go below. Last line: the figures as JSON.
 */
const INVOICES = Number(process.env.BENCH_INVOICES ?? 100_000);
const PAGE_SIZE = 1_000;

async function run(): Promise<void> {
  const rss = trackPeakRss();
  // Worker threads do not inherit tsx's loader: register it in the thread, then load the TypeScript.
  const entry = path.join(__dirname, 'xeroEmulatorThread.ts');
  const thread = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: { invoices: INVOICES },
    // A capped heap makes the emulator's thread collect page garbage early instead of growing.
    resourceLimits: { maxOldGenerationSizeMb: 256 },
  });
  const ready = await new Promise<{
    url: string;
    tenantId: string;
    tokens: { access_token: string };
    seedS: number;
  }>((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
  });
  const { tenantId, seedS } = ready;

  const xero = new XeroClient();
  xero.accountingApi.basePath = `${ready.url}/api.xro/2.0`;
  xero.setTokenSet(ready.tokens);

  // Page 1 says how many pages there are; the rest go two at a time (Xero allows 5 concurrent
  // calls), so the emulator's thread serialises the next page while xero-node decodes this one.
  const getPage = async (page: number, summaryOnly: boolean) => {
    const res = await xero.accountingApi.getInvoices(
      tenantId,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      page,
      undefined,
      undefined,
      undefined,
      summaryOnly,
      PAGE_SIZE,
    );
    return { count: res.body.invoices?.length ?? 0, pageCount: res.body.pagination?.pageCount ?? 1 };
  };
  /** Every page once; returns how many invoices came back, in how many pages, and how long it took. */
  const pageAll = async (summaryOnly: boolean) => {
    const started = performance.now();
    const first = await getPage(1, summaryOnly);
    let seen = first.count;
    let nextPage = 2;
    const lane = async () => {
      while (nextPage <= first.pageCount) {
        const { count } = await getPage(nextPage++, summaryOnly);
        seen += count;
      }
    };
    await Promise.all([lane(), lane()]);
    return { seen, pages: first.pageCount, seconds: (performance.now() - started) / 1000 };
  };
  // summaryOnly (no line items or payments) is how the worker pages for changes; the full pages,
  // with every line item, are measured too.
  const summary = await pageAll(true);
  const full = await pageAll(false);
  const { seen, pages } = summary;
  const pageS = summary.seconds;
  thread.postMessage('stop');
  await new Promise((resolve) => thread.once('exit', resolve));
  const peak = rss.stop();
  if (seen !== INVOICES || full.seen !== INVOICES)
    throw new Error(`paged ${seen} / ${full.seen} invoices, expected ${INVOICES}`);

  console.log(
    `Xero emulator: seeded ${INVOICES.toLocaleString()} invoices (1,000 contacts) in ${seedS.toFixed(2)} s`,
  );
  console.log(
    `paged all ${seen.toLocaleString()} through xero-node in ${pages} calls of ${PAGE_SIZE.toLocaleString()} (2 in flight, summaryOnly) in ${pageS.toFixed(2)} s`,
  );
  console.log(`the same with every line item (full pages): ${full.seconds.toFixed(2)} s`);
  console.log(`together ${(seedS + pageS).toFixed(2)} s (aim < 5 s); peak RSS ${peak} MB (aim < 500 MB)`);
  console.log(
    JSON.stringify({
      invoices: INVOICES,
      seed_s: round(seedS),
      page_s: round(pageS),
      page_full_s: round(full.seconds),
      peak_rss_mb: peak,
    }),
  );
}

const round = (n: number) => Math.round(n * 1000) / 1000;

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
