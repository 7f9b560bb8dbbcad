import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startTestPostgres } from '../test/support/postgres';
import { HS_TOKEN, KEYRING } from '../test/support/threeSandboxes';
import { syncActivityDeps } from '../test/support/syncDeps';
import { xeroBackfillWorkflow } from '../workflows';
import { createActivities } from '../worker/activities';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { registerXeroWebhookRoute } from '../worker/ingress/xeroWebhookRoute';
import { startIngress } from '../worker/ingress/server';
import { createLogger } from '../worker/logger';
import { openStore } from '../worker/store/store';
import { createWorker } from '../worker/temporal/worker';
import { xeroEventDispatcher } from '../worker/webhooks/xeroEventDispatcher';
import type { SandboxCommand, SandboxReady, SandboxResult } from './latencySandboxThread';
import { startBenchTemporal } from './benchTemporal';
import { trackPeakRss } from './peakRss';

/**
 * `npm run bench:latency`: webhook-to-CRM latency. After a backfill, a payment is made on a
 * different Xero invoice every 50 ms (20 events/s) for 60 s; the Xero sandbox sends its signed,
 * batched webhooks to the worker's real ingress, which signals the record workflows on a real
 * Temporal dev server; the activities fetch from Xero and write both CRMs through the real SDKs.
 * An event's latency runs from the payment to the moment both the Salesforce opportunity and the
 * HubSpot deal show the new amount paid (read from the emulators' memory, so measuring costs no
 * API calls). The vendors and that measuring run on their own thread (bench/latencySandboxThread.ts),
 * as they would on their own servers; this thread is the worker process under test. Vendor quotas are lifted in the sandboxes and the pacer: one Xero organisation may
 * make 60 calls a minute, far below 20 events/s, so this measures Ledgerbridge's own pipeline.
 * Last line: {"p50_ms","p95_ms","p99_ms","events","lost","duplicates"}.
 */
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
/** An event not in both CRMs after this long without any other event completing counts as lost. */
const STALL_MS = 30_000;
const HS_PORTAL = 505050;

async function run(): Promise<void> {
  const rss = trackPeakRss();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-'));
  const temporal = await startBenchTemporal(dir, 18_000);
  const closers: Array<() => Promise<void>> = [];
  try {
    // Worker threads do not inherit tsx's loader: register it in the thread, then load the TypeScript.
    const entry = path.join(__dirname, 'latencySandboxThread.ts');
    const sandbox = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, {
      eval: true,
      workerData: { hsPortal: HS_PORTAL },
    });
    const next = <T>() =>
      new Promise<T>((resolve, reject) => {
        sandbox.once('message', (message: T | { error: string }) =>
          message && typeof message === 'object' && 'error' in message
            ? reject(new Error(message.error))
            : resolve(message as T),
        );
        sandbox.once('error', reject);
      });
    const { urls, tenantId, xeroGrant: grant } = await next<SandboxReady>();
    closers.push(async () => {
      const closed = next<unknown>();
      sandbox.postMessage({ kind: 'close' } satisfies SandboxCommand);
      await closed;
    });

    // PostgreSQL as in production (a throwaway cluster unless DATABASE_URL is given); BENCH_STORE=pglite
    // measures the embedded store instead, which shares this process's CPU with everything else.
    const postgres =
      process.env.BENCH_STORE === 'pglite' || process.env.DATABASE_URL
        ? undefined
        : await startTestPostgres();
    if (postgres) closers.push(() => Promise.resolve(postgres.stop()));
    const databaseUrl = process.env.DATABASE_URL ?? postgres?.url;
    const store = databaseUrl
      ? await openStore({ kind: 'postgres', url: databaseUrl })
      : await openStore({ kind: 'pglite', dataDir: path.join(dir, 'store') });
    closers.push(() => store.close());
    const connection = await Connection.connect({ address: temporal.address });
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    closers.push(async () => {
      await connection.close();
      await nativeConnection.close();
    });
    const client = new Client({ connection });
    const taskQueue = `bench-latency-${randomUUID()}`;
    const dispatch = xeroEventDispatcher(client, taskQueue);
    const deps = syncActivityDeps({
      store,
      keyring: KEYRING,
      urls,
      dispatch,
    });
    await deps.connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Bench org',
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    const session = await deps.salesforceAuth.authorize();
    await deps.connections.save({
      vendor: 'salesforce',
      externalId: session.orgId,
      displayName: 'Bench SF',
      scopes: session.scopes,
      settings: { instanceUrl: session.instanceUrl, userId: session.userId },
      tokens: session.tokens,
    });
    await deps.connections.save({
      vendor: 'hubspot',
      externalId: String(HS_PORTAL),
      displayName: 'Bench HS',
      scopes: HUBSPOT_SCOPES,
      tokens: { accessToken: HS_TOKEN },
    });

    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: createActivities(deps),
    });
    const running = worker.run();
    closers.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const webhookKey = randomBytes(32).toString('base64');
    const ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('silent'),
      health: {
        store,
        temporal: { address: temporal.address, namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (router) =>
          registerXeroWebhookRoute(router, { webhookKey, dispatch, logger: createLogger('silent') }),
      ],
    });
    closers.push(() => ingress.close());

    // The steady state a customer is in: everything loaded once, then live changes.
    const backfillStart = performance.now();
    await client.workflow.execute(xeroBackfillWorkflow, {
      taskQueue,
      workflowId: `xero-backfill:${tenantId}`,
      args: [{ tenantId }],
    });
    console.log(`backfill done in ${((performance.now() - backfillStart) / 1000).toFixed(1)} s`);
    sandbox.postMessage({
      kind: 'webhooks',
      url: `${ingress.url}/webhooks/xero`,
      key: webhookKey,
    } satisfies SandboxCommand);

    console.log(`sending ${RATE * SECONDS} payments at ${RATE}/s for ${SECONDS} s ...`);
    const outcome = next<SandboxResult>();
    sandbox.postMessage({
      kind: 'run',
      rate: RATE,
      seconds: SECONDS,
      stallMs: STALL_MS,
    } satisfies SandboxCommand);
    const r = await outcome;
    const latencies = [...r.latenciesMs].sort((x, y) => x - y);
    const quantile = (q: number) =>
      latencies.length === 0
        ? null
        : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number);
    const peak = rss.stop();
    const result = {
      p50_ms: quantile(0.5),
      p95_ms: quantile(0.95),
      p99_ms: quantile(0.99),
      events: r.events,
      lost: r.lost,
      duplicates: r.duplicates,
    };
    console.log(
      `${r.events} payments in ${r.sendingS.toFixed(1)} s (${(r.events / r.sendingS).toFixed(1)}/s), delivered in ${r.webhookBatches} signed webhook batches`,
    );
    console.log(
      `  webhook-to-CRM latency (payment in Xero until both CRMs show it): p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms, max ${Math.round(latencies.at(-1) ?? 0)} ms`,
    );
    console.log(
      `  lost (not in both CRMs once nothing completed for ${STALL_MS / 1000} s): ${r.lost}; duplicate CRM records: ${r.duplicates}`,
    );
    const per = (n: number) => (n / r.events).toFixed(2);
    console.log(
      `  API calls per event: Xero ${per(r.calls.xero)}, Salesforce ${per(r.calls.salesforce)}, HubSpot ${per(r.calls.hubspot)}; worker process peak RSS ${peak} MB`,
    );
    const xeroPerSync = r.calls.xero / Math.max(1, r.syncs);
    console.log(
      `  ${r.syncs} record syncs for ${r.events} events (a burst on one record collapses into one sync)`,
    );
    console.log(
      `  (vendor quotas lifted: each sync reads ${xeroPerSync.toFixed(1)} Xero records, so at Xero's 60 calls/min one ` +
        `organisation sustains about ${Math.floor(60 / Math.max(1, xeroPerSync))} syncs a minute; the pacer queues the rest)`,
    );
    console.log(`  store: ${store.kind}`);
    console.log(JSON.stringify(result));
  } finally {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
