import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openBenchStore } from '../benchStore';
import { startBenchTemporal } from '../benchTemporal';
import { paymentsOptionsFrom } from './paymentsOptions';
import { printPaymentsReport } from './paymentsReport';
import { runPaymentsBench } from './runPaymentsBench';

/**
 * `npm run bench:payments [-- --events N --rate R --bare-events N --seed S]`: 10,000 signed Stripe
 * deliveries at 20/s (20% duplicates, 10% out of order, 5% forged) to Ledgerbridge's Stripe ingress
 * on its own Temporal dev server and store (PostgreSQL, or BENCH_STORE=pglite), then the same stream
 * to a bare handler; counts what was lost, double-applied or forged-and-accepted, and both p95s.
 * Last line: {"events","lost","double_applied","forged_accepted","p95_ms","bare_p95_ms"}.
 */
async function main(): Promise<void> {
  const options = paymentsOptionsFrom(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-payments-'));
  const temporal = await startBenchTemporal(dir, 21_000);
  const store = await openBenchStore(dir).catch(async (err: unknown) => {
    await temporal.stop();
    throw err;
  });
  try {
    console.log(`store: ${store.store.kind}; Temporal dev server at ${temporal.address}`);
    const report = await runPaymentsBench(
      options,
      { store: store.store, temporalAddress: temporal.address },
      (line) => console.log(line),
    );
    printPaymentsReport(report, (line) => console.log(line));
  } finally {
    await store.close();
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
