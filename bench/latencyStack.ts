import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
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
import { openStore, type Store } from '../worker/store/store';
import { createWorker } from '../worker/temporal/worker';
import { xeroEventDispatcher } from '../worker/webhooks/xeroEventDispatcher';
import type { SandboxReady } from './latencySandboxRpc';

/** The worker under test, in this process: store client, Temporal worker and activities, ingress. */
export interface LatencyStack {
  store: Store;
  /** The PostgreSQL server process (undefined for PGlite, in this process, or a given DATABASE_URL). */
  postmasterPid: number | undefined;
  /** The Salesforce session the connection was saved with (the bare path uses it too). */
  salesforce: { instanceUrl: string; accessToken: string };
  /** The ingress's Xero webhook URL and the key the sandbox signs with. */
  webhook: { url: string; key: string };
  /** Loads everything once through the backfill workflow (creating the CRM records). */
  backfill(): Promise<void>;
  /** Stops the Temporal worker (the rest stays up until close). */
  stopWorker(): Promise<void>;
  close(): Promise<void>;
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
    // PostgreSQL as in production (a throwaway cluster unless DATABASE_URL is given); BENCH_STORE=pglite
    // measures the embedded store instead, which shares this process's CPU and memory.
    const postgres =
      process.env.BENCH_STORE === 'pglite' || process.env.DATABASE_URL
        ? undefined
        : await startTestPostgres();
    if (postgres) closers.push(() => Promise.resolve(postgres.stop()));
    const databaseUrl = process.env.DATABASE_URL ?? postgres?.url;
    const store = databaseUrl
      ? await openStore({ kind: 'postgres', url: databaseUrl })
      : await openStore({ kind: 'pglite', dataDir: path.join(input.dir, 'store') });
    closers.push(() => store.close());
    const connection = await Connection.connect({ address: input.temporalAddress });
    const nativeConnection = await NativeConnection.connect({ address: input.temporalAddress });
    closers.push(async () => {
      await connection.close();
      await nativeConnection.close();
    });
    const client = new Client({ connection });
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
      postmasterPid: postgres
        ? Number(readFileSync(path.join(postgres.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0])
        : undefined,
      salesforce: { instanceUrl: session.instanceUrl, accessToken: session.tokens.accessToken },
      webhook: { url: `${ingress.url}/webhooks/xero`, key: webhookKey },
      backfill: async () => {
        await client.workflow.execute(xeroBackfillWorkflow, {
          taskQueue,
          workflowId: `xero-backfill:${tenantId}`,
          args: [{ tenantId }],
        });
      },
      stopWorker,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
