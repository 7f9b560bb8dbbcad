import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SALESFORCE_API_VERSION } from '../worker/connectors/salesforce/salesforceApi';
import { HS_TOKEN } from '../test/support/threeSandboxes';
import { startBenchTemporal } from './benchTemporal';
import { startBareReceiver, type BareReceiver } from './latencyBare';
import { capacityRamp, quantile, type RampOptions } from './latencyRamp';
import {
  cpuPerEvent,
  printCallsPerSync,
  printFixedPhase,
  round,
  verdict,
  type FixedPhase,
} from './latencyReport';
import { forkLatencySandbox, type LoadStep } from './latencySandboxRpc';
import { startLatencyStack, type LatencyStack } from './latencyStack';
import { trackPeakRss } from './peakRss';
import { cpuMeter, peakRssMb } from './processUsage';

/**
 * `npm run bench:latency`: what a synced event costs through Ledgerbridge's durable stack, against
 * a bare path doing the same vendor calls, in one run on one machine (absolute figures vary more
 * than 2× between these machines; the ratios are the result). A payment on a Xero invoice is made
 * every 1/rate s; the Xero sandbox sends signed, batched webhooks; an event's latency runs until
 * both the Salesforce opportunity and the HubSpot deal show the new amount paid.
 *
 * The emulators and the measuring run in a process of their own (latencySandboxProcess.ts), so this
 * process is the worker alone: ingress, Temporal worker, activities, store client. Order: backfill
 * through the stack (it creates the CRM records); the stack at a fixed rate (latency, and CPU per
 * event of this process, the Temporal server and PostgreSQL, read from /proc); the stack's capacity
 * ramp; then the Temporal worker stops, the webhooks go to the bare path (latencyBare.ts: xero-node,
 * jsforce and @hubspot/api-client straight, one event at a time), which runs the same fixed rate
 * and ramp. Capacity is the highest ramp rate held with p95 ≤ 1 s and nothing lost.
 *
 * The fixed rate defaults to 10 events/s for 30 s, not the 20/s of earlier runs: two-core machines
 * of this kind have been seen saturated below 20/s, and a saturated phase measures its queue, not
 * its cost. BENCH_EVENTS_PER_SECOND, BENCH_SECONDS, BENCH_RAMP_RATES (comma-separated) and
 * BENCH_RAMP_SECONDS tune it; BENCH_STORE=pglite puts the store in this process. Vendor quotas are
 * lifted in the sandboxes and the pacer: this measures the pipeline, not Xero's 60 calls a minute.
 */
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const RAMP: RampOptions = {
  rates: (process.env.BENCH_RAMP_RATES ?? '5,10,15,20,30,40,60,80').split(',').map(Number),
  seconds: Number(process.env.BENCH_RAMP_SECONDS ?? 12),
  p95LimitMs: 1_000,
  stallMs: 10_000,
};
/** An event not in both CRMs after this long without any other event completing counts as lost. */
const STALL_MS = 30_000;
const HS_PORTAL = 505050;
const AIMS = { cpuRatio: 2, capacityRatio: 0.5, workerRssMb: 300 };

async function run(): Promise<void> {
  const rss = trackPeakRss();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-'));
  const temporal = await startBenchTemporal(dir, 18_000);
  const sandbox = forkLatencySandbox();
  let stack: LatencyStack | undefined;
  let bare: BareReceiver | undefined;
  try {
    const vendors = await sandbox.start({ hsPortal: HS_PORTAL });
    stack = await startLatencyStack({ dir, temporalAddress: temporal.address, vendors, hsPortal: HS_PORTAL });
    const backfillStart = performance.now();
    await stack.backfill();
    console.log(`backfill done in ${((performance.now() - backfillStart) / 1000).toFixed(1)} s`);
    await sandbox.webhooks(stack.webhook);
    const fixed: LoadStep = { rate: RATE, seconds: SECONDS, stallMs: STALL_MS };
    const measure = async (label: string, roots: Record<string, number | undefined>): Promise<FixedPhase> => {
      console.log(
        `${label}: sending ${Math.round(RATE * SECONDS)} payments at ${RATE}/s for ${SECONDS} s ...`,
      );
      const meter = cpuMeter(roots);
      const result = await sandbox.run(fixed);
      return { label, rate: RATE, result, cpu: meter.stop() };
    };

    const stackFixed = await measure('stack', { temporal: temporal.pid, postgres: stack.postmasterPid });
    printFixedPhase(stackFixed, { self: 'worker', temporal: 'Temporal server', postgres: 'PostgreSQL' });
    console.log(`stack capacity ramp (${RAMP.seconds} s a step):`);
    const stackRamp = await capacityRamp('stack', sandbox.run, RAMP);
    const workerRss = rss.stop();
    await stack.stopWorker();

    bare = await startBareReceiver(
      {
        tenantId: vendors.tenantId,
        xero: { apiBase: vendors.urls.xero, accessToken: vendors.xeroGrant.access_token },
        salesforce: { ...stack.salesforce, version: SALESFORCE_API_VERSION },
        hubspot: { apiBase: vendors.urls.hubspot, accessToken: HS_TOKEN },
      },
      randomBytes(32).toString('base64'),
    );
    await sandbox.webhooks({ url: bare.url, key: bare.key });
    const bareFixed = await measure('bare', {});
    printFixedPhase(bareFixed, { self: 'bare path' });
    if (bare.failures() > 0) console.log(`  bare syncs failed: ${bare.failures()}`);
    console.log(`bare capacity ramp (${RAMP.seconds} s a step):`);
    const bareRamp = await capacityRamp('bare', sandbox.run, RAMP);
    const emulatorsRss = sandbox.pid === undefined ? undefined : peakRssMb(sandbox.pid);

    printCallsPerSync(stackFixed.result, bareFixed.result);
    const workerCpu = cpuPerEvent(stackFixed, ['self']);
    // PGlite runs in this process (already in 'self'); an outside DATABASE_URL is not measured.
    const stackCpu = cpuPerEvent(stackFixed, [
      'self',
      'temporal',
      ...(stack.postmasterPid ? ['postgres'] : []),
    ]);
    const bareCpu = cpuPerEvent(bareFixed, ['self']);
    const cpuRatio = workerCpu !== undefined && bareCpu ? round(workerCpu / bareCpu) : undefined;
    const capacityRatio = bareRamp.capacity > 0 ? round(stackRamp.capacity / bareRamp.capacity) : undefined;
    const inProcessStore = stack.store.kind === 'pglite';
    console.log(
      `memory: worker peak RSS ${workerRss} MB (this process during the stack phases${
        inProcessStore ? ', PGlite store included: BENCH_STORE=pglite keeps it in this process' : ''
      }); emulators ${emulatorsRss ?? '?'} MB (their own process)`,
    );
    console.log(
      `store: ${stack.store.kind}${
        stack.postmasterPid
          ? ' (its server process tree measured from /proc)'
          : inProcessStore
            ? " (in this process: its CPU is the worker's)"
            : ' (DATABASE_URL: not measured)'
      }`,
    );
    console.log('aims:');
    console.log(
      `  worker CPU per event ≤ ${AIMS.cpuRatio} × bare: ${workerCpu} vs ${bareCpu} ms = ${cpuRatio} × → ${verdict(cpuRatio === undefined ? undefined : cpuRatio <= AIMS.cpuRatio)}`,
    );
    console.log(
      `  capacity ≥ ${AIMS.capacityRatio} × bare: ${stackRamp.capacity} vs ${bareRamp.capacity} events/s = ${capacityRatio} × → ${verdict(capacityRatio === undefined ? undefined : capacityRatio >= AIMS.capacityRatio)}`,
    );
    console.log(
      `  worker RSS ≤ ${AIMS.workerRssMb} MB: ${workerRss} MB → ${verdict(workerRss <= AIMS.workerRssMb)}`,
    );
    const r = stackFixed.result;
    console.log(
      JSON.stringify({
        p50_ms: quantile(r.latenciesMs, 0.5),
        p95_ms: quantile(r.latenciesMs, 0.95),
        p99_ms: quantile(r.latenciesMs, 0.99),
        events: r.events,
        lost: r.lost,
        duplicates: r.duplicates,
        worker_cpu_ms_per_event: workerCpu ?? null,
        bare_cpu_ms_per_event: bareCpu ?? null,
        stack_cpu_ms_per_event: stackCpu ?? null,
        capacity_eps: stackRamp.capacity,
        bare_capacity_eps: bareRamp.capacity,
        worker_peak_rss_mb: workerRss,
        emulators_peak_rss_mb: emulatorsRss ?? null,
        cpu_ratio: cpuRatio ?? null,
        capacity_ratio: capacityRatio ?? null,
      }),
    );
  } finally {
    await bare?.close();
    await stack?.close();
    await sandbox.close().catch(() => undefined);
    sandbox.kill();
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
