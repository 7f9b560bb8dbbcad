import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { XeroClient } from 'xero-node';
import { trackPeakRss } from './peakRss';

/**
 * `npm run bench:sandbox`: seed 100,000 invoices into the Xero emulator, then page through all of
 * them with xero-node at the largest page size (1,000). The emulator runs on its own thread, as the
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
  const getPage = async (page: number) => {
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
      undefined,
      PAGE_SIZE,
    );
    return { count: res.body.invoices?.length ?? 0, pageCount: res.body.pagination?.pageCount ?? 1 };
  };
  const pageStart = performance.now();
  const first = await getPage(1);
  let seen = first.count;
  let nextPage = 2;
  const lane = async () => {
    while (nextPage <= first.pageCount) {
      const { count } = await getPage(nextPage++);
      seen += count;
    }
  };
  await Promise.all([lane(), lane()]);
  const pages = first.pageCount;
  const pageS = (performance.now() - pageStart) / 1000;
  thread.postMessage('stop');
  await new Promise((resolve) => thread.once('exit', resolve));
  const peak = rss.stop();
  if (seen !== INVOICES) throw new Error(`paged ${seen} invoices, expected ${INVOICES}`);

  console.log(
    `Xero emulator: seeded ${INVOICES.toLocaleString()} invoices (1,000 contacts) in ${seedS.toFixed(2)} s`,
  );
  console.log(
    `paged all ${seen.toLocaleString()} through xero-node in ${pages} calls of ${PAGE_SIZE.toLocaleString()} (2 in flight) in ${pageS.toFixed(2)} s`,
  );
  console.log(`together ${(seedS + pageS).toFixed(2)} s (aim < 5 s); peak RSS ${peak} MB (aim < 500 MB)`);
  console.log(
    JSON.stringify({ invoices: INVOICES, seed_s: round(seedS), page_s: round(pageS), peak_rss_mb: peak }),
  );
}

const round = (n: number) => Math.round(n * 1000) / 1000;

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
