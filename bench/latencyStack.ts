import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { HS_TOKEN, KEYRING } from '../test/support/threeSandboxes';
import { syncActivityDeps } from '../test/support/syncDeps';
import { xeroBackfillWorkflow } from '../workflows';
import { createActivities } from '../worker/activities';
import { HUBSPOT_SCOPES } from '../worker/connectors/hubspot/hubspotEndpoints';
import { registerXeroWebhookRoute } from '../worker/ingress/xeroWebhookRoute';
import { startIngress } from '../worker/ingress/server';
import { createLogger } from '../worker/logger';
import type { Store } from '../worker/store/store';
import { createWorker } from '../worker/temporal/worker';
import { xeroEventDispatcher } from '../worker/webhooks/xeroEventDispatcher';
import type { SandboxReady } from './latencySandboxRpc';
import { connectBenchTemporal } from './benchTemporal';
import { openBenchStore } from './benchStore';

/** The worker under test, in this process: store client, Temporal worker and activities, ingress. */
export interface LatencyStack {
  store: Store;
  /** The PostgreSQL server process (undefined for PGlite, in this process, or a given DATABASE_URL). */
  postmasterPid: number | undefined;
  /** The Salesforce session the connection was saved with (the bare path uses it too). */
  salesforce: { instanceUrl: string; accessToken: string };
  /** The ingress's Xero webhook URL and the key the sandbox signs with. */
  webhook: { url: string; key: string };
  /** The store database's committed transactions and rows written so far (pg_stat_database). */
  storeActivity(): Promise<StoreActivity | undefined>;
  /** Loads everything once through the backfill workflow (creating the CRM records). */
  backfill(): Promise<void>;
  /** Stops the Temporal worker (the rest stays up until close). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export interface StoreActivity {
  transactions: number;
  rowsWritten: number;
}

export async function startLatencyStack(input: {
  dir: string;
  temporalAddress: string;
  vendors: SandboxReady;
  hsPortal: number;
}): Promise<LatencyStack> {
  const { vendors } = input;
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    const bench = await openBenchStore(input.dir);
    closers.push(() => bench.close());
    const { store } = bench;
    const temporal = await connectBenchTemporal(input.temporalAddress);
    closers.push(() => temporal.close());
    const { client, nativeConnection } = temporal;
    const taskQueue = `bench-latency-${randomUUID()}`;
    const dispatch = xeroEventDispatcher(client, taskQueue);
    const deps = syncActivityDeps({ store, keyring: KEYRING, urls: vendors.urls, dispatch });
    const { tenantId, xeroGrant: grant } = vendors;
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
      externalId: String(input.hsPortal),
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
    const stopWorker = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    };
    closers.push(stopWorker);
    const webhookKey = randomBytes(32).toString('base64');
    const ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: createLogger('silent'),
      health: {
        store,
        temporal: { address: input.temporalAddress, namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (router) =>
          registerXeroWebhookRoute(router, { webhookKey, dispatch, logger: createLogger('silent') }),
      ],
    });
    closers.push(() => ingress.close());
    return {
      store,
      postmasterPid: bench.postmasterPid,
      salesforce: { instanceUrl: session.instanceUrl, accessToken: session.tokens.accessToken },
      webhook: { url: `${ingress.url}/webhooks/xero`, key: webhookKey },
      backfill: async () => {
        await client.workflow.execute(xeroBackfillWorkflow, {
          taskQueue,
          workflowId: `xero-backfill:${tenantId}`,
          args: [{ tenantId }],
        });
      },
      storeActivity: async () => {
        // The statistics collector reports with a delay of up to a second: a figure per phase, not per call.
        const { rows } = await sql<{ xacts: string; written: string }>`
          SELECT xact_commit AS xacts, tup_inserted + tup_updated + tup_deleted AS written
          FROM pg_stat_database WHERE datname = current_database()`
          .execute(store.db)
          .catch(() => ({ rows: [] }));
        const row = rows[0];
        return row ? { transactions: Number(row.xacts), rowsWritten: Number(row.written) } : undefined;
      },
      stopWorker,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
