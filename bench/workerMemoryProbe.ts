import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { startBenchTemporal } from './benchTemporal';
import { forkLatencySandbox } from './latencySandboxRpc';
import { startLatencyStack } from './latencyStack';
import {
  memoryLine,
  phasePeaks,
  residentByMapping,
  watchWorkerThreads,
  workerThreadHeaps,
} from './workerMemoryPhases';

/**
 * `npx tsx bench/workerMemoryProbe.ts`: where bench:latency's worker process holds its memory, phase
 * by phase (after imports, with the Temporal worker running, after the backfill, after a fixed-rate
 * phase): RSS, the main thread's V8 heap and spaces, external and array buffers, and the heap used
 * by each worker thread (Temporal's workflow thread) from its heap snapshot. Not a benchmark: a
 * measurement to find what to cut. BENCH_EVENTS_PER_SECOND and BENCH_SECONDS tune the fixed phase;
 * BENCH_THREAD_HEAPS=1 adds the threads' heaps; BENCH_HEAP_SNAPSHOTS=dir also writes the main thread's heap snapshot after each phase.
 */
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS;
/** Heap snapshots of the worker threads cost this process tens of MB of strings: on request only. */
const THREAD_HEAPS = process.env.BENCH_THREAD_HEAPS === '1';

async function run(): Promise<void> {
  const threads = watchWorkerThreads();
  let peaks = phasePeaks();
  const phase = async (label: string) => {
    console.log(memoryLine(label));
    console.log(`  ${peaks.stop()}; resident by mapping: ${residentByMapping()}`);
    if (THREAD_HEAPS) for (const heap of await workerThreadHeaps(threads)) console.log(`  ${heap}`);
    if (SNAPSHOTS)
      v8.writeHeapSnapshot(path.join(SNAPSHOTS, `main-${label.replace(/\W+/g, '-')}.heapsnapshot`));
    peaks = phasePeaks();
  };
  await phase('imports');
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-memory-'));
  const temporal = await startBenchTemporal(dir, 19_000);
  const sandbox = forkLatencySandbox();
  try {
    const vendors = await sandbox.start({ hsPortal: 505050 });
    const stack = await startLatencyStack({
      dir,
      temporalAddress: temporal.address,
      vendors,
      hsPortal: 505050,
    });
    try {
      await phase('worker started');
      await stack.backfill();
      await phase('backfill done');
      await sandbox.webhooks(stack.webhook);
      const result = await sandbox.run({ rate: RATE, seconds: SECONDS, stallMs: 30_000 });
      await phase(`fixed ${RATE}/s × ${SECONDS} s (${result.syncs} syncs, ${result.lost} lost)`);
      const again = await sandbox.run({ rate: RATE, seconds: SECONDS, stallMs: 30_000 });
      await phase(`fixed again (${again.syncs} syncs, ${again.lost} lost)`);
    } finally {
      await stack.close();
    }
  } finally {
    await sandbox.close().catch(() => sandbox.kill());
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
