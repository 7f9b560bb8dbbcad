import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { xeroBackfillWorkflow } from '../workflows';
import { createActivities } from '../worker/activities';
import { AuditLog } from '../worker/audit/auditLog';
import { ConnectionStore } from '../worker/connections/connectionStore';
import { RefreshService } from '../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../worker/connections/secretBox';
import { HubspotCrm } from '../worker/connectors/hubspot/hubspotCrm';
import { SalesforceAuth } from '../worker/connectors/salesforce/salesforceAuth';
import { SalesforceCrm } from '../worker/connectors/salesforce/salesforceCrm';
import { XeroApi } from '../worker/connectors/xero/xeroApi';
import { xeroEndpoints } from '../worker/connectors/xero/xeroEndpoints';
import { pacePolicies } from '../worker/pacing/pacePolicies';
import { SharedPacer } from '../worker/pacing/sharedPacer';
import { crmTargets } from '../worker/sync/crmTargets';
import { defaultMappingSettings } from '../worker/sync/mappingSettingsStore';
import { ReviewQueue } from '../worker/sync/reviewQueue';
import { SyncCursors } from '../worker/sync/syncCursors';
import { createWorker } from '../worker/temporal/worker';
import { BENCH_HUBSPOT_TOKEN, BENCH_PORTAL_ID, BENCH_SALESFORCE_APP } from './backfillVendors';
import { openBenchStore } from './benchStore';
import { pacerGates, pacingFloor } from './backfillFloor';
import { forkBackfillVendors, type BackfillVendor } from './backfillVendorsRpc';
import { connectBenchTemporal, startBenchTemporal } from './benchTemporal';
import { trackPeakRss } from './peakRss';
import { cpuMeter, peakRssMb } from './processUsage';

/**
 * `npm run bench:backfill`: the initial load of 2,000 contacts and 50,000 invoices from the Xero
 * sandbox into the Salesforce and HubSpot sandboxes, through the backfill workflow on a real
 * Temporal dev server, the real SDKs and the worker's pacing (Xero 60/min, HubSpot 190 per 10 s as
 * for a static token, Salesforce 100,000 a day). The emulators run in a process of their own
 * (backfillVendorsProcess.ts), so this process is the worker alone; the store is a throwaway
 * PostgreSQL (BENCH_STORE=pglite: the embedded store, inside this process). Reports every API call
 * each vendor served against the fewest the vendors' page and batch sizes allow, and the wall time
 * against the time the vendors' rate limits force for those calls (backfillFloor.ts).
 * Last line: the figures as JSON.
 *
 * Why 50,000 invoices: the 10,000 of earlier runs need 173 HubSpot calls, inside HubSpot's first
 * 10 s window, and 12 Xero calls of the 60 a minute allows: the vendors force no wait at all there
 * and the floor is 0. At 50,000 HubSpot's limit forces about 28 s. Each step of 5 Xero pages ends
 * in one part-filled batch per CRM object, so above 2 steps the calls run 1-2 % over the fewest
 * (BENCH_INVOICES=10000: exactly the fewest).
 */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 2_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 50_000);
const VENDORS: BackfillVendor[] = ['xero', 'salesforce', 'hubspot'];

async function run(): Promise<void> {
  const rss = trackPeakRss();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-'));
  const closers: Array<() => Promise<void> | void> = [];
  const vendors = forkBackfillVendors();
  closers.push(() => vendors.kill());
  try {
    const temporal = await startBenchTemporal(dir, 17_000);
    closers.push(() => temporal.stop());
    const { urls, tenantId, xeroGrant, qualifying } = await vendors.start({
      contacts: CONTACTS,
      invoices: INVOICES,
      seed: 2026,
    });
    closers.push(() => vendors.close());

    const bench = await openBenchStore(dir);
    closers.push(() => bench.close());
    const { store, postmasterPid } = bench;
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`b:${randomBytes(32).toString('base64')}`)),
    );
    const sfAuth = new SalesforceAuth({
      loginUrl: urls.salesforce,
      clientId: BENCH_SALESFORCE_APP.consumerKey,
      flow: 'client_credentials',
      clientSecret: BENCH_SALESFORCE_APP.consumerSecret,
    });
    const refresh = new RefreshService({
      db: store.db,
      connections,
      refresherFor: () => sfAuth,
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    // The worker's pacing, as for a static HubSpot token and an org with 100,000 calls a day.
    const policies = pacePolicies({
      xero: { perMinute: 60, perDay: 5_000 },
      hubspot: { per10Seconds: 190, perDay: 1_000_000 },
      salesforce: { perDay: 100_000, concurrency: 10 },
    });
    const pacer = new SharedPacer(store.db, policies);
    await connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Bench org',
      scopes: [],
      tokens: { ...xeroGrant, expiresAt: Date.now() + 1_800_000 },
    });
    const session = await sfAuth.authorize();
    await connections.save({
      vendor: 'salesforce',
      externalId: session.orgId,
      displayName: 'Bench SF',
      scopes: [],
      settings: { instanceUrl: session.instanceUrl, userId: session.userId },
      tokens: session.tokens,
    });
    await connections.save({
      vendor: 'hubspot',
      externalId: String(BENCH_PORTAL_ID),
      displayName: 'Bench HS',
      scopes: [],
      tokens: { accessToken: BENCH_HUBSPOT_TOKEN },
    });

    const connected = await connectBenchTemporal(temporal.address);
    closers.push(() => connected.close());
    const { client, nativeConnection } = connected;
    const taskQueue = `bench-${randomUUID()}`;
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: urls.xero,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const reviews = new ReviewQueue(store.db);
    const shared = { connections, refresh, pacer, reviews };
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: createActivities({
        store,
        connections,
        refresh,
        refresherFor: () => sfAuth,
        audit: new AuditLog(store.db),
        loadSettings: defaultMappingSettings,
        cursors: new SyncCursors(store.db),
        dispatchXeroChanges: () => Promise.resolve([]),
        xeroApi: (connectionId) => new XeroApi({ endpoints, connections, refresh, pacer, connectionId }),
        crmTargets: crmTargets(connections, {
          salesforce: (c) => new SalesforceCrm({ connection: c, ...shared }),
          hubspot: (c) => new HubspotCrm({ connection: c, apiBase: urls.hubspot, ...shared }),
        }),
      }),
    });

    await vendors.mark();
    const cpu = cpuMeter({ vendors: vendors.pid, temporal: temporal.pid, postgres: postmasterPid });
    const rssAtStartMb = Math.round(process.memoryUsage.rss() / 1024 / 1024);
    const started = Date.now();
    const progress = await worker.runUntil(
      client.workflow.execute(xeroBackfillWorkflow, {
        taskQueue,
        workflowId: `xero-backfill:${tenantId}`,
        args: [{ tenantId }],
      }),
    );
    const wallMs = Date.now() - started;
    const cpuMs = cpu.stop();
    const vendorsPeak = peakRssMb(vendors.pid);
    const calls = await vendors.served();
    const rateLimited = VENDORS.flatMap((v) => calls[v]).filter((r) => r.status === 429).length;
    const floor = pacingFloor(calls);
    // The same calls in the same order under the worker's own pacing alone: what its policy forces.
    const pacerFloorS = pacingFloor(calls, pacerGates(policies)).floorMs / 1000;
    const workerPeak = rss.stop();

    // The fewest calls: Xero pages of 1,000. Salesforce: one describe, one read of the accounts per
    // query batch of 2,000, then sObject Collections of 200 (accounts, opportunities, Xero_Invoice__c).
    // HubSpot: its setup (2 property lists, the 13 properties created, 1 pipeline read), one page of
    // the (empty) company list, then batches of 100 (companies, deals, deal-company associations).
    const pages = (n: number, size: number) => Math.ceil(n / size);
    const min = {
      xero: pages(CONTACTS, 1_000) + pages(INVOICES, 1_000),
      salesforce: 1 + 1 + pages(CONTACTS, 200) + 2 * pages(qualifying, 200),
      hubspot: 16 + 1 + pages(CONTACTS, 100) + 2 * pages(qualifying, 100),
    };
    const apiCalls = {
      xero: calls.xero.length,
      salesforce: calls.salesforce.length,
      hubspot: calls.hubspot.length,
    };
    const wallS = wallMs / 1000;
    const floorS = floor.floorMs / 1000;
    const ratio = floorS > 0 ? wallS / floorS : undefined;
    const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
    const cpuS = (party: string) =>
      cpuMs[party] === undefined ? undefined : round((cpuMs[party] ?? 0) / 1000);

    console.log(
      `backfilled ${progress.contacts.fetched.toLocaleString()} contacts and ${progress.invoices.fetched.toLocaleString()} invoices (${qualifying.toLocaleString()} qualifying) into Salesforce and HubSpot in ${wallS.toFixed(1)} s`,
    );
    for (const vendor of VENDORS) {
      const served = calls[vendor];
      const span = served.length
        ? `answered ${((served[0]!.at - started) / 1000).toFixed(1)}–${((served.at(-1)!.at - started) / 1000).toFixed(1)} s`
        : 'none';
      console.log(
        `  ${vendor.padEnd(10)} ${String(apiCalls[vendor]).padStart(5)} calls (fewest possible ${min[vendor]}, ${(((apiCalls[vendor] - min[vendor]) / min[vendor]) * 100).toFixed(1)}% over); ${span}; its limits alone force ${(floor.byVendorMs[vendor] / 1000).toFixed(0)} s`,
      );
    }
    console.log(
      `  pacing floor ${floorS.toFixed(1)} s (the vendors' rate limits for these calls, in the order the load needs them): wall ${ratio === undefined ? 'n/a (the limits force no wait)' : `${ratio.toFixed(2)} ×`}`,
    );
    console.log(
      `  the worker's own pacing policy alone forces ${pacerFloorS.toFixed(1)} s for the same calls (${floorS > 0 ? `${(pacerFloorS / floorS).toFixed(2)} × the vendors'` : 'the vendors force none'}); the rest of the wall, ${Math.max(0, wallS - pacerFloorS).toFixed(1)} s, is the work`,
    );
    console.log(
      `  CPU during the load: ${Object.entries({
        worker: 'self',
        vendors: 'vendors',
        Temporal: 'temporal',
        PostgreSQL: 'postgres',
      })
        .flatMap(([name, party]) => (cpuMs[party] === undefined ? [] : [`${name} ${cpuS(party)} s`]))
        .join(', ')}`,
    );
    console.log(
      `  429s: ${rateLimited}; failed records: ${progress.contacts.failed + progress.invoices.failed}; peak RSS: worker ${workerPeak} MB (${rssAtStartMb} MB as the load began)${store.kind === 'postgres' ? '' : ' (with the embedded store)'}, vendors ${vendorsPeak ?? '?'} MB`,
    );
    console.log(
      JSON.stringify({
        api_calls: apiCalls,
        min_calls: min,
        wall_s: round(wallS),
        // Kept from before the worker had a process of its own: now the worker's alone.
        peak_rss_mb: workerPeak,
        pacing_floor_s: round(floorS),
        floor_ratio: ratio === undefined ? null : round(ratio, 2),
        pacer_floor_s: round(pacerFloorS),
        worker_peak_rss_mb: workerPeak,
        emulators_peak_rss_mb: vendorsPeak ?? null,
        worker_cpu_s: cpuS('self'),
        emulators_cpu_s: cpuS('vendors'),
        temporal_cpu_s: cpuS('temporal'),
        ...(postmasterPid === undefined ? {} : { postgres_cpu_s: cpuS('postgres') }),
      }),
    );
  } finally {
    for (const close of closers.reverse()) await close();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
