import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestPostgres } from '../test/support/postgres';
import { startBenchTemporal } from './benchTemporal';
import { trackPeakRss } from './peakRss';
import { tenantsOptionsFrom } from './tenantsOptions';
import { quantile, runTenants } from './tenantsRun';

/**
 * `npm run bench:tenants`: one busy installation must not delay another's syncs. 50 installations,
 * each with its own Xero organisation and HubSpot portal, sync through one worker on a real
 * Temporal dev server (task-queue fairness on, keyed by installation). Xero payments arrive as
 * signed, batched webhooks at 20 events/s in all for 60 s, half of them from one installation;
 * before that, the same quiet traffic runs alone for 60 s. An event's latency runs from the payment
 * in Xero to the moment its installation's HubSpot deal shows it. Sizes are flags
 * (`-- --installations=5 --seconds=10`, see bench/tenantsOptions.ts); `--fairness=off` runs the same
 * keys on FIFO matching for comparison.
 * Last line: {"installations","p50_ms","p95_ms","quiet_p95_ms","quiet_alone_p95_ms","lost","cross_installation_writes"}.
 */
async function run(): Promise<void> {
  const options = tenantsOptionsFrom(process.env, process.argv.slice(2));
  const rss = trackPeakRss();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-'));
  const temporal = await startBenchTemporal(
    dir,
    19_000,
    options.fairness === 'off' ? { 'matching.enableFairness': false } : undefined,
  );
  // PostgreSQL as in production (a throwaway cluster unless DATABASE_URL is given).
  const postgres = process.env.DATABASE_URL ? undefined : await startTestPostgres();
  try {
    const report = await runTenants(
      options,
      { temporalAddress: temporal.address, postgresUrl: process.env.DATABASE_URL ?? postgres?.url },
      (line) => console.log(line),
    );
    const { alone, flood, audit, summary } = report;
    const ms = (values: number[]) =>
      `p50 ${quantile(values, 0.5)} ms, p95 ${quantile(values, 0.95)} ms, max ${quantile(values, 1)} ms`;
    console.log(
      `payment in Xero -> the installation's HubSpot deal shows it (fairness ${options.fairness}):`,
    );
    console.log(
      `  quiet installations alone:      ${alone.quietEvents} events, ${ms(alone.quietLatenciesMs)}`,
    );
    console.log(
      `  quiet installations, flood on:  ${flood.quietEvents} events, ${ms(flood.quietLatenciesMs)}`,
    );
    console.log(
      `  flooding installation:          ${flood.floodEvents} events, ${ms(flood.floodLatenciesMs)}`,
    );
    const ratio =
      summary.quiet_p95_ms !== null && summary.quiet_alone_p95_ms
        ? (summary.quiet_p95_ms / summary.quiet_alone_p95_ms).toFixed(2)
        : 'n/a';
    console.log(`  quiet p95 with the flood / alone: ${ratio} (aim: at most 1.5)`);
    console.log(
      `  lost (not shown within ${options.settleSeconds} s): alone ${alone.quietLost}, flood phase quiet ${flood.quietLost}, flooding ${flood.floodLost}`,
    );
    console.log(
      `  records of another installation's organisation in a portal: ${audit.crossInstallationWrites}; held twice: ${audit.duplicates}`,
    );
    console.log(
      `  API calls: Xero ${audit.calls.xero} (${audit.calls.xeroRefused429} refused 429, ${options.xeroPerMinute}/min per organisation), HubSpot ${audit.calls.hubspot}; sending took ${alone.sendingS.toFixed(1)} s + ${flood.sendingS.toFixed(1)} s; worker process peak RSS ${rss.stop()} MB`,
    );
    console.log(JSON.stringify(summary));
  } finally {
    await postgres?.stop();
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
