import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { startTestPostgres } from '../../test/support/postgres';
import { openBenchStore } from '../benchStore';
import { startBenchTemporal } from '../benchTemporal';
import { XERO_LIFTED } from './appTarget';
import { paymentsOptionsFrom, type PaymentsOptions } from './paymentsOptions';
import { printPaymentsReport } from './paymentsReport';
import { runPaymentsBench, type PaymentsReport } from './runPaymentsBench';

/**
 * `npm run bench:payments [-- --events N --rate R --bare-events N --seed S --target app|route]`:
 * 10,000 signed Stripe deliveries at 20/s (20% duplicates, 10% out of order, 5% forged) to
 * Ledgerbridge's Stripe ingress, then the same stream to a bare handler on the same store; counts
 * what was lost, double-applied or forged-and-accepted, and both p95s. `--target app` (default) is
 * the embedded app as `npm start` runs it, on a throwaway PostgreSQL as deployed (BENCH_STORE=pglite:
 * PGlite in its data folder, as `npm start`); `--target route` is
 * the route alone on the bench's own Temporal dev server and store (PostgreSQL, or BENCH_STORE=pglite).
 * Last line: {"events","lost","double_applied","forged_accepted","p95_ms","bare_p95_ms"}.
 */
async function run(options: PaymentsOptions, dir: string): Promise<PaymentsReport> {
  const log = (line: string) => console.log(line);
  if (options.target === 'app') {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    const postgres = process.env.BENCH_STORE === 'pglite' ? undefined : await startTestPostgres();
    try {
      console.log(
        `target: the embedded app (npm start's path), its store ${postgres ? 'PostgreSQL' : 'PGlite'}; ` +
          `Xero's limits lifted to ${XERO_LIFTED.perMinute} calls a minute per organisation (emulator and pacing)`,
      );
      return await runPaymentsBench(
        options,
        { kind: 'app', dataDir: path.join(dir, 'data'), ...(postgres ? { databaseUrl: postgres.url } : {}) },
        log,
      );
    } finally {
      postgres?.stop();
    }
  }
  const temporal = await startBenchTemporal(dir, 21_000);
  try {
    const store = await openBenchStore(dir);
    try {
      console.log(
        `target: the Stripe route alone; store ${store.store.kind}; Temporal at ${temporal.address}`,
      );
      return await runPaymentsBench(
        options,
        { kind: 'route', store: store.store, temporalAddress: temporal.address },
        log,
      );
    } finally {
      await store.close();
    }
  } finally {
    await temporal.stop();
  }
}

async function main(): Promise<void> {
  const options = paymentsOptionsFrom(process.argv.slice(2));
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-payments-'));
  try {
    printPaymentsReport(await run(options, dir), (line) => console.log(line));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
