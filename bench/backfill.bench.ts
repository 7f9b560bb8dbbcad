import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../sandbox/core/server';
import { createHubspotEmulator } from '../sandbox/hubspot';
import { createSalesforceEmulator } from '../sandbox/salesforce';
import { createXeroEmulator } from '../sandbox/xero';
import { mappingSettingsSchema } from '../workflows/domain/mappingSettings';
import { xeroBackfillWorkflow } from '../workflows';
import { createActivities } from '../worker/activities';
import { AuditLog } from '../worker/audit/auditLog';
import { ConnectionStore } from '../worker/connections/connectionStore';
import { RefreshService } from '../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../worker/connections/secretBox';
import { HubspotCrm } from '../worker/connectors/hubspot/hubspotCrm';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { SalesforceAuth } from '../worker/connectors/salesforce/salesforceAuth';
import { SalesforceCrm } from '../worker/connectors/salesforce/salesforceCrm';
import { XeroApi } from '../worker/connectors/xero/xeroApi';
import { xeroEndpoints } from '../worker/connectors/xero/xeroEndpoints';
import { pacePolicies } from '../worker/pacing/pacePolicies';
import { SharedPacer } from '../worker/pacing/sharedPacer';
import { openStore } from '../worker/store/store';
import { crmTargets } from '../worker/sync/crmTargets';
import { defaultMappingSettings } from '../worker/sync/mappingSettingsStore';
import { ReviewQueue } from '../worker/sync/reviewQueue';
import { SyncCursors } from '../worker/sync/syncCursors';
import { createWorker } from '../worker/temporal/worker';
import { startBenchTemporal } from './benchTemporal';
import { trackPeakRss } from './peakRss';

/**
 * `npm run bench:backfill`: the initial load of 2,000 contacts and 10,000 invoices from the Xero
 * sandbox into the Salesforce and HubSpot sandboxes, through the backfill workflow on a real
 * Temporal dev server, the real SDKs and the worker's pacing (Xero 60/min, HubSpot 190 per 10 s as
 * for a static token). Counts every API call each sandbox served against the fewest the vendors'
 * page and batch sizes allow. Last line: the figures as JSON.
 */
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 2_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 10_000);

async function run(): Promise<void> {
  const rss = trackPeakRss();
  const dir = mkdtempSync(path.join(tmpdir(), 'ledgerbridge-bench-'));
  const temporal = await startBenchTemporal(dir, 17_000);
  const servers: SandboxServer[] = [];
  try {
    const xero = createXeroEmulator();
    const { tenantId } = xero.seedDataset({
      seed: 2026,
      contacts: CONTACTS,
      invoices: INVOICES,
      asOf: '2026-11-01',
    });
    xero.identity.registerClient({ clientId: 'bench', clientSecret: 'bench', redirectUris: [] });
    const salesforce = createSalesforceEmulator();
    const org = salesforce.seedDataset({ accounts: 0, opportunities: 0 });
    salesforce.registerApp({
      consumerKey: 'BENCH',
      consumerSecret: 'bench',
      username: org.username,
      clientCredentialsEnabled: true,
    });
    const hubspot = createHubspotEmulator({ portalId: 4242 });
    hubspot.registerStaticToken(4242, 'pat-bench', HUBSPOT_SCOPES);
    const [xeroServer, sfServer, hsServer] = [
      await startSandboxServer(xero, { requestLogSize: 1_000_000 }),
      await startSandboxServer(salesforce, { requestLogSize: 1_000_000 }),
      await startSandboxServer(hubspot, { requestLogSize: 1_000_000 }),
    ] as [SandboxServer, SandboxServer, SandboxServer];
    servers.push(xeroServer, sfServer, hsServer);

    const store = await openStore({ kind: 'pglite', dataDir: path.join(dir, 'store') });
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`b:${randomBytes(32).toString('base64')}`)),
    );
    const sfAuth = new SalesforceAuth({
      loginUrl: sfServer.url,
      clientId: 'BENCH',
      flow: 'client_credentials',
      clientSecret: 'bench',
    });
    const refresh = new RefreshService({
      db: store.db,
      connections,
      refresherFor: () => sfAuth,
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    const pacer = new SharedPacer(
      store.db,
      pacePolicies({
        xero: { perMinute: 60, perDay: 5_000 },
        hubspot: { per10Seconds: 190, perDay: 1_000_000 },
        salesforce: { perDay: 100_000, concurrency: 10 },
      }),
    );
    const grant = xero.identity.issueGrant('bench', 'offline_access accounting.invoices accounting.contacts');
    await connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Bench org',
      scopes: [],
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
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
      externalId: '4242',
      displayName: 'Bench HS',
      scopes: [],
      tokens: { accessToken: 'pat-bench' },
    });

    const connection = await Connection.connect({ address: temporal.address });
    const nativeConnection = await NativeConnection.connect({ address: temporal.address });
    const client = new Client({ connection });
    const taskQueue = `bench-${randomUUID()}`;
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: xeroServer.url,
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
          hubspot: (c) => new HubspotCrm({ connection: c, apiBase: hsServer.url, ...shared }),
        }),
      }),
    });

    const before = servers.map((s) => s.requests().length);
    const started = performance.now();
    const progress = await worker.runUntil(
      client.workflow.execute(xeroBackfillWorkflow, {
        taskQueue,
        workflowId: `xero-backfill:${tenantId}`,
        args: [{ tenantId }],
      }),
    );
    const wallS = (performance.now() - started) / 1000;
    const served = servers.map((s, i) => s.requests().slice(before[i]));
    const calls = served.map((list) =>
      list.filter((r) => !r.path.includes('oauth') && !r.path.startsWith('/connect')),
    );
    const rateLimited = calls.flat().filter((r) => r.status === 429).length;

    // The fewest calls: Xero pages of 1,000. Salesforce: one describe, one read of the accounts per
    // query batch of 2,000, then sObject Collections of 200 (accounts, opportunities, Xero_Invoice__c).
    // HubSpot: its setup (2 property lists, the 13 properties created, 1 pipeline read), one page of
    // the (empty) company list, then batches of 100 (companies, deals, deal-company associations).
    const rules = mappingSettingsSchema.parse({}).invoiceRules;
    const qualifying = [...xero.store.invoices.values()].filter(
      (i) => i.tenantId === tenantId && rules.types.includes(i.type) && rules.statuses.includes(i.status),
    ).length;
    const pages = (n: number, size: number) => Math.ceil(n / size);
    const min = {
      xero: pages(CONTACTS, 1_000) + pages(INVOICES, 1_000),
      salesforce: 1 + 1 + pages(CONTACTS, 200) + 2 * pages(qualifying, 200),
      hubspot: 16 + 1 + pages(CONTACTS, 100) + 2 * pages(qualifying, 100),
    };
    const apiCalls = {
      xero: calls[0]?.length ?? 0,
      salesforce: calls[1]?.length ?? 0,
      hubspot: calls[2]?.length ?? 0,
    };
    await connection.close();
    await nativeConnection.close();
    await store.close();
    const peak = rss.stop();

    console.log(
      `backfilled ${progress.contacts.fetched.toLocaleString()} contacts and ${progress.invoices.fetched.toLocaleString()} invoices (${qualifying.toLocaleString()} qualifying) into Salesforce and HubSpot in ${wallS.toFixed(1)} s`,
    );
    for (const vendor of ['xero', 'salesforce', 'hubspot'] as const)
      console.log(
        `  ${vendor.padEnd(10)} ${String(apiCalls[vendor]).padStart(5)} calls (fewest possible ${min[vendor]}, ${(((apiCalls[vendor] - min[vendor]) / min[vendor]) * 100).toFixed(1)}% over)`,
      );
    console.log(
      `  429s: ${rateLimited}; failed records: ${progress.contacts.failed + progress.invoices.failed}; peak RSS ${peak} MB`,
    );
    console.log(
      JSON.stringify({
        api_calls: apiCalls,
        min_calls: min,
        wall_s: Math.round(wallS * 10) / 10,
        peak_rss_mb: peak,
      }),
    );
  } finally {
    for (const s of servers) await s.close();
    await temporal.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
