import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createActivities, type ActivityDeps } from '../../worker/activities';
import { AuditLog } from '../../worker/audit/auditLog';
import { SyncCursors } from '../../worker/sync/syncCursors';
import { defaultMappingSettings } from '../../worker/sync/mappingSettingsStore';
import { ConnectionStore } from '../../worker/connections/connectionStore';
import { RefreshService } from '../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../worker/connections/secretBox';
import type { TokenRefresher } from '../../worker/connections/tokenRefresher';
import type { Store } from '../../worker/store/store';
import { createWorker } from '../../worker/temporal/worker';
import { Alerter } from '../../worker/alerts/alerter';
import { ledgerbridgeDataConverter } from '../../worker/temporal/dataConverter';
import { createOperationsActivities } from '../../worker/temporal/operationsActivities';
import type { PayloadKey } from '../../worker/temporal/payloadKeys';
import { testEnv } from './testEnv';

/** The payload keys of every test client and worker: fixed, so a worker in another process shares them. */
export const TEST_PAYLOAD_KEYS: PayloadKey[] = [{ id: 'test', key: Buffer.alloc(32, 7) }];
export const testDataConverter = () => ledgerbridgeDataConverter(TEST_PAYLOAD_KEYS);

/** An alert as the webhook received it (Slack-compatible JSON). */
export interface ReceivedAlert {
  text: string;
}

/** A client and a real worker on the run's Temporal dev server, on a task queue of their own. */
export interface TestTemporal {
  client: Client;
  taskQueue: string;
  worker: Worker;
  /** What the alert webhook received from this worker's activities. */
  alerts: ReceivedAlert[];
  /** Runs the worker until `fn` settles, then shuts it down. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Activity dependencies over a test store, with a fresh key and the given vendor refresher. */
export function testActivityDeps(
  store: Store,
  options: { refresher?: TokenRefresher; marginMs?: number } & Partial<
    Pick<ActivityDeps, 'xeroApi' | 'crmTargets' | 'dispatchXeroChanges'>
  > = {},
): ActivityDeps {
  const connections = new ConnectionStore(
    store.db,
    new SecretBox(parseKeyring(`test:${randomBytes(32).toString('base64')}`)),
  );
  const refresherFor = (vendor: string): TokenRefresher => {
    if (!options.refresher) throw new Error(`no refresher for ${vendor} in this test`);
    return options.refresher;
  };
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor,
    logger: pino({ level: 'silent' }),
    marginMs: options.marginMs ?? 5 * 60_000,
  });
  return {
    store,
    connections,
    refresh,
    refresherFor,
    audit: new AuditLog(store.db),
    loadSettings: defaultMappingSettings,
    xeroApi:
      options.xeroApi ??
      (() => {
        throw new Error('no Xero API in this test');
      }),
    crmTargets: options.crmTargets ?? {
      forXeroTenant: () => Promise.resolve([]),
      forConnection: () => Promise.resolve(undefined),
    },
    cursors: new SyncCursors(store.db),
    dispatchXeroChanges:
      options.dispatchXeroChanges ?? (() => Promise.reject(new Error('no Temporal dispatch in this test'))),
  };
}

let runtimeInstalled = false;
/** Workers log state changes at INFO; tests want only warnings. Once per test process. */
export function installQuietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  Runtime.install({ logger: new DefaultLogger('WARN') });
}

export async function createTestTemporal(
  deps: ActivityDeps | ((temporal: { client: Client; taskQueue: string }) => ActivityDeps),
): Promise<TestTemporal> {
  installQuietRuntime();
  const address = testEnv('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const dataConverter = testDataConverter();
  const client = new Client({ connection, namespace: 'default', dataConverter });
  const taskQueue = `test-${randomUUID()}`;
  const activityDeps = typeof deps === 'function' ? deps({ client, taskQueue }) : deps;
  const alerts: ReceivedAlert[] = [];
  const alerter = new Alerter({
    logger: pino({ level: 'silent' }),
    webhookUrl: 'http://alerts.test/hook',
    fetch: (_url, init) => {
      alerts.push(JSON.parse(String(init?.body)) as ReceivedAlert);
      return Promise.resolve(new Response('ok'));
    },
  });
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue,
    activities: {
      ...createActivities(activityDeps),
      ...createOperationsActivities({ ...activityDeps, db: activityDeps.store.db, alerter }),
    },
    workflowBundle: { codePath: testEnv('workflowBundle') },
    dataConverter,
  });
  return {
    client,
    taskQueue,
    worker,
    alerts,
    withWorker: (fn) => worker.runUntil(fn),
    close: async () => {
      await connection.close();
      await nativeConnection.close();
    },
  };
}
