import { NativeConnection, Runtime, DefaultLogger } from '@temporalio/worker';
import pino from 'pino';
import { createActivities } from '../../worker/activities';
import { openStore } from '../../worker/store/store';
import { createWorker } from '../../worker/temporal/worker';
import { Alerter } from '../../worker/alerts/alerter';
import { createOperationsActivities } from '../../worker/temporal/operationsActivities';
import { syncActivityDeps } from './syncDeps';
import { testDataConverter } from './temporal';

/**
 * A sync worker in a process of its own, so a test can kill it with SIGKILL mid-activity. It polls
 * the given task queue against the given store and sandboxes, and says "ready" once it polls.
 * Run with tsx; configuration comes from the environment (see the crash test).
 */
async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const store = await openStore({ kind: 'postgres', url: env('WP_DATABASE_URL') }, { migrate: false });
  const deps = syncActivityDeps({
    store,
    keyring: env('WP_KEYRING'),
    urls: { xero: env('WP_XERO_URL'), salesforce: env('WP_SALESFORCE_URL'), hubspot: env('WP_HUBSPOT_URL') },
    dispatch: () => Promise.resolve([]),
  });
  const worker = await createWorker({
    connection: await NativeConnection.connect({ address: env('WP_TEMPORAL_ADDRESS') }),
    namespace: 'default',
    taskQueue: env('WP_TASK_QUEUE'),
    activities: {
      ...createActivities(deps),
      ...createOperationsActivities({
        ...deps,
        db: store.db,
        alerter: new Alerter({ logger: pino({ level: 'silent' }), webhookUrl: undefined }),
      }),
    },
    workflowBundle: { codePath: env('WP_WORKFLOW_BUNDLE') },
    dataConverter: testDataConverter(),
  });
  const running = worker.run();
  process.stdout.write('ready\n');
  await running;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
