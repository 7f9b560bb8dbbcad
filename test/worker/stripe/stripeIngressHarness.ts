import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import type { StripeConnections } from '../../../worker/connectors/stripe/stripeConnections';
import { registerStripeWebhookRoute } from '../../../worker/ingress/stripeWebhookRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { TemporalUnavailableError } from '../../../worker/webhooks/handoverDeadline';
import {
  stripeEventDispatcher,
  type StripeEventDispatch,
} from '../../../worker/webhooks/stripeEventDispatcher';
import { StripeEventLedger } from '../../../worker/webhooks/stripeEventLedger';
import {
  stripeObjectEventsQuery,
  type StripeObjectEvent,
} from '../../../workflows/stripe/stripeObjectSignals';
import { installQuietRuntime, testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

/** The Stripe route on a real ingress, handing over to the Stripe object workflow on the dev server. */
export interface StripeIngressHarness {
  ingress: Ingress;
  client: Client;
  /** The dispatch the route uses: records each event ID handed over. */
  dispatch: StripeEventDispatch;
  handOvers: string[];
  /** Makes the next `n` hand-overs fail as an unreachable Temporal would. */
  failNextHandOvers(n: number): void;
  eventsOf(workflowId: string): Promise<StripeObjectEvent[]>;
  close(): Promise<void>;
}

export async function startStripeIngress(deps: {
  store: Store;
  accounts: StripeConnections;
  now: () => number;
}): Promise<StripeIngressHarness> {
  installQuietRuntime();
  const address = testEnv('temporalAddress');
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
  const taskQueue = `test-stripe-${randomBytes(6).toString('hex')}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../../workflows/stripe/stripeObject'),
    dataConverter: testDataConverter(),
  });
  const running = worker.run();
  const deliver = stripeEventDispatcher(client, taskQueue);
  const handOvers: string[] = [];
  let failing = 0;
  const dispatch: StripeEventDispatch = async (entry, slug) => {
    if (failing > 0) {
      failing--;
      throw new TemporalUnavailableError(4_000);
    }
    await deliver(entry, slug);
    handOvers.push(entry.event.eventId);
  };
  const logger = pino({ level: 'silent' });
  const ingress = await startIngress({
    host: '127.0.0.1',
    port: 0,
    logger,
    health: { temporal: { address, namespace: 'default', probe: async () => {} }, store: deps.store },
    routes: [
      (router) =>
        registerStripeWebhookRoute(router, {
          accounts: deps.accounts,
          ledger: new StripeEventLedger(deps.store.db),
          dispatch,
          logger,
          now: deps.now,
        }),
    ],
  });
  return {
    ingress,
    client,
    dispatch,
    handOvers,
    failNextHandOvers: (n) => void (failing = n),
    eventsOf: (workflowId) => client.workflow.getHandle(workflowId).query(stripeObjectEventsQuery),
    close: async () => {
      await ingress.close();
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
