import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { startSandboxServer, type SandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createSalesforceEmulator } from '../sandbox/salesforce';
import { createXeroEmulator } from '../sandbox/xero';
import { amountDue } from '../sandbox/xero/serialize';
import { startTestPostgres } from '../test/support/postgres';
import { HS_TOKEN, KEYRING } from '../test/support/threeSandboxes';
import { SF_APP, syncActivityDeps, XERO_CLIENT } from '../test/support/syncDeps';
import { xeroBackfillWorkflow } from '../workflows';
import { createActivities } from '../worker/activities';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { registerXeroWebhookRoute } from '../worker/ingress/xeroWebhookRoute';
import { startIngress } from '../worker/ingress/server';
import { createLogger } from '../worker/logger';
import { openStore } from '../worker/store/store';
import { startDevServer } from '../worker/temporal/devServer';
import { createWorker } from '../worker/temporal/worker';
import { xeroEventDispatcher } from '../worker/webhooks/xeroEventDispatcher';
import { trackPeakRss } from './peakRss';

/**
 * `npm run bench:latency`: webhook-to-CRM latency. After a backfill, a payment is made on a
 * different Xero invoice every 50 ms (20 events/s) for 60 s; the Xero sandbox sends its signed,
 * batched webhooks to the worker's real ingress, which signals the record workflows on a real
 * Temporal dev server; the activities fetch from Xero and write both CRMs through the real SDKs.
 * An event's latency runs from the payment to the moment both the Salesforce opportunity and the
 * HubSpot deal show the new amount paid (read from the emulators' memory, so measuring costs no
 * API calls). Vendor quotas are lifted in the sandboxes and the pacer: one Xero organisation may
 * make 60 calls a minute, far below 20 events/s, so this measures Ledgerbridge's own pipeline.
 * Last line: {"p50_ms","p95_ms","p99_ms","events","lost","duplicates"}.
 */
const RATE = Number(process.env.BENCH_EVENTS_PER_SECOND ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
/** An event not in both CRMs after this long without any other event completing counts as lost. */
const STALL_MS = 30_000;
const HS_PORTAL = 505050;

interface Pending {
  invoiceId: string;
  expectedPaid: number;
  sentAt: number;
  sfId: string | undefined;
  doneAt?: number;
}

async function run(): Promise<void> {
  const rss = trackPeakRss();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-'));
  const cliPath =
    process.env.TEMPORAL_CLI_PATH ??
    execFileSync('node', [path.resolve(__dirname, '../scripts/setup.mjs'), '--temporal-path'], {
      encoding: 'utf8',
    }).trim();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const port = 18_000 + Math.floor(Math.random() * 1_000);
  const temporal = await startDevServer({
    cliPath,
    port,
    uiPort: port + 1,
    headless: true,
    logFile: path.join(dir, 'temporal.log'),
  });
  const closers: Array<() => Promise<void>> = [];
  try {
    const events = RATE * SECONDS;
    const unlimited = 1_000_000_000;
    const xero = createXeroEmulator({
      rateLimits: { perMinute: unlimited, perDay: unlimited, appPerMinute: unlimited, concurrent: 1_000 },
    });
    const { tenantId } = xero.seedDataset({
      seed: 2027,
      contacts: 300,
      invoices: 1_500,
      asOf: '2026-11-01',
    });
    xero.identity.registerClient({ ...XERO_CLIENT, redirectUris: [] });
    const salesforce = createSalesforceEmulator({ dailyApiLimit: unlimited });
    const org = salesforce.seedDataset({ accounts: 0, opportunities: 0 });
    salesforce.registerApp({ ...SF_APP, username: org.username, clientCredentialsEnabled: true });
    const hubspot = createHubspotEmulator({
      portalId: HS_PORTAL,
      rateLimits: { staticPerTenSeconds: unlimited, staticPerDay: unlimited, searchPerSecond: unlimited },
    });
    hubspot.registerStaticToken(HS_PORTAL, HS_TOKEN, HUBSPOT_SCOPES);
    const servers: SandboxServer[] = [];
    for (const emulator of [xero, salesforce, hubspot]) {
      const server = await startSandboxServer(emulator);
      servers.push(server);
      closers.push(() => server.close());
    }
    const [xeroServer, sfServer, hsServer] = servers as [SandboxServer, SandboxServer, SandboxServer];

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
      urls: { xero: xeroServer.url, salesforce: sfServer.url, hubspot: hsServer.url },
      dispatch,
    });
    const grant = xero.identity.issueGrant(
      XERO_CLIENT.clientId,
      'offline_access accounting.invoices accounting.contacts',
    );
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
    xero.webhooks.configure({ url: `${ingress.url}/webhooks/xero`, key: webhookKey });

    const sfStore = salesforce.store;
    const sfIdOf = new Map<string, string>();
    for (const opp of sfStore.all('Opportunity'))
      sfIdOf.set(String(opp.fields.Xero_Invoice_ID__c), String(opp.fields.Id));
    const hsStore = hubspot.portal(HS_PORTAL);
    const payable = [...xero.store.invoices.values()].filter(
      (i) =>
        i.tenantId === tenantId &&
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        amountDue(i) > SECONDS / 10 &&
        sfIdOf.has(i.id),
    );
    // Each invoice is paid again every ~15 s (1.00 at a time): realistic record churn without an org
    // so large that the emulators' scans, not the pipeline, dominate the figures.
    const cycle = payable.slice(0, Math.min(payable.length, RATE * 15));
    if (cycle.length < RATE * 5) throw new Error(`only ${payable.length} payable invoices`);
    const paidSoFar = new Map(cycle.map((i) => [i.id, i.amountPaid]));

    const pending: Pending[] = [];
    const requests = servers.map((s) => s.requests().length);
    let firstOpen = 0;
    const checker = setInterval(() => {
      const now = performance.now();
      while (pending[firstOpen]?.doneAt !== undefined) firstOpen++;
      for (let i = firstOpen; i < pending.length; i++) {
        const p = pending[i] as Pending;
        if (p.doneAt !== undefined) continue;
        const opp = p.sfId ? sfStore.get(p.sfId) : undefined;
        const deal = hsStore.find('deals', p.invoiceId, 'xero_invoice_id');
        const sfPaid = Number(opp?.fields.Xero_Amount_Paid__c);
        const hsPaid = Number(deal?.properties.xero_amount_paid);
        // Payments only add up, so a later payment's sync also completes this one.
        if (sfPaid >= p.expectedPaid - 0.005 && hsPaid >= p.expectedPaid - 0.005) p.doneAt = now;
      }
    }, 5);

    console.log(`sending ${events} payments at ${RATE}/s for ${SECONDS} s ...`);
    const started = performance.now();
    for (let i = 0; i < events; i++) {
      const due = started + (i * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const invoice = cycle[i % cycle.length] as (typeof cycle)[number];
      const expectedPaid = Math.round(((paidSoFar.get(invoice.id) ?? 0) + 1) * 100) / 100;
      paidSoFar.set(invoice.id, expectedPaid);
      const sentAt = performance.now();
      const response = await fetch(`${xeroServer.url}/__sandbox/invoices/${invoice.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1 }),
      });
      if (!response.ok) throw new Error(`payment ${i} refused: ${response.status} ${await response.text()}`);
      pending.push({ invoiceId: invoice.id, expectedPaid, sentAt, sfId: sfIdOf.get(invoice.id) });
    }
    const sendingS = (performance.now() - started) / 1000;
    // Late is not lost: wait while events keep completing, until all are in or progress stalls.
    let lastProgress = performance.now();
    let done = 0;
    while (performance.now() - lastProgress < STALL_MS && done < pending.length) {
      await new Promise((r) => setTimeout(r, 50));
      const now = pending.filter((p) => p.doneAt !== undefined).length;
      if (now > done) [done, lastProgress] = [now, performance.now()];
    }
    clearInterval(checker);

    const latencies = pending
      .filter((p) => p.doneAt !== undefined)
      .map((p) => (p.doneAt as number) - p.sentAt)
      .sort((a, b) => a - b);
    const lost = pending.length - latencies.length;
    const quantile = (q: number) =>
      latencies.length === 0
        ? null
        : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number);
    const paid = new Set(pending.map((p) => p.invoiceId));
    const sfCount = new Map<string, number>();
    for (const opp of sfStore.all('Opportunity')) {
      const id = String(opp.fields.Xero_Invoice_ID__c);
      if (paid.has(id)) sfCount.set(id, (sfCount.get(id) ?? 0) + 1);
    }
    const hsCount = new Map<string, number>();
    for (const deal of hsStore.live('deals')) {
      const id = deal.properties.xero_invoice_id ?? '';
      if (paid.has(id)) hsCount.set(id, (hsCount.get(id) ?? 0) + 1);
    }
    const duplicates = [...sfCount.values(), ...hsCount.values()].reduce((n, c) => n + Math.max(0, c - 1), 0);
    const served = servers.map((s, i) => s.requests().slice(requests[i]));
    const calls = served.map((list) => list.filter((r) => !r.path.startsWith('/__sandbox')).length);
    // Events arriving while their record syncs collapse into one more sync: count the syncs too.
    const syncs = (served[0] ?? []).filter((r) => /\/Invoices\/[0-9a-f-]{36}$/.test(r.path)).length;
    const deliveries = xero.webhooks.deliveries();
    const peak = rss.stop();

    const result = {
      p50_ms: quantile(0.5),
      p95_ms: quantile(0.95),
      p99_ms: quantile(0.99),
      events,
      lost,
      duplicates,
    };
    console.log(
      `${events} payments in ${sendingS.toFixed(1)} s (${(events / sendingS).toFixed(1)}/s), delivered in ${deliveries.length} signed webhook batches`,
    );
    console.log(
      `  webhook-to-CRM latency (both CRMs updated): p50 ${result.p50_ms} ms, p95 ${result.p95_ms} ms, p99 ${result.p99_ms} ms, max ${Math.round(latencies.at(-1) ?? 0)} ms`,
    );
    console.log(
      `  lost (not in both CRMs once nothing completed for ${STALL_MS / 1000} s): ${lost}; duplicate CRM records: ${duplicates}`,
    );
    console.log(
      `  API calls per event: Xero ${((calls[0] ?? 0) / events).toFixed(2)}, Salesforce ${((calls[1] ?? 0) / events).toFixed(2)}, HubSpot ${((calls[2] ?? 0) / events).toFixed(2)}; peak RSS ${peak} MB`,
    );
    const xeroPerSync = (calls[0] ?? 0) / Math.max(1, syncs);
    console.log(
      `  ${syncs} record syncs for ${events} events (a burst on one record collapses into one sync)`,
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
