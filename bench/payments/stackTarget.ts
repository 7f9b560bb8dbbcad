import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import pino from 'pino';
import { AuditLog } from '../../worker/audit/auditLog';
import { parseKeyring, SecretBox } from '../../worker/connections/secretBox';
import { connectStripeAccount } from '../../worker/connectors/stripe/connectStripeAccount';
import { StripeConnections } from '../../worker/connectors/stripe/stripeConnections';
import { registerStripeWebhookRoute } from '../../worker/ingress/stripeWebhookRoute';
import { startIngress } from '../../worker/ingress/server';
import { InstallationStore } from '../../worker/installations/installationStore';
import type { Store } from '../../worker/store/store';
import { stripeEventDispatcher } from '../../worker/webhooks/stripeEventDispatcher';
import { StripeEventLedger } from '../../worker/webhooks/stripeEventLedger';
import { stripeObjectEventsQuery, type StripeObjectEvent } from '../../workflows/stripe/stripeObjectSignals';

/** Where the bench sends Stripe's events, and how it reads what became of them. */
export interface PaymentsTarget {
  url: string;
  secret: string;
  installationId: string;
  /** The events the object's workflow holds (undefined: no such workflow). */
  eventsOf(workflowId: string): Promise<StripeObjectEvent[] | undefined>;
  close(): Promise<void>;
}

/**
 * Ledgerbridge's Stripe ingress as it stands before the lead wires it into the app: the real route
 * (worker/ingress/stripeWebhookRoute.ts) on the real ingress, recording into the store and handing
 * each event to the per-object workflow (signal-with-start) on a Temporal server, a worker running it.
 */
export async function startStackTarget(deps: {
  store: Store;
  temporalAddress: string;
  tag: string;
}): Promise<PaymentsTarget> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const installation = await new InstallationStore(deps.store.db).ensure({
    slug: `bench-payments-${deps.tag}`,
  });
  const accounts = new StripeConnections(
    deps.store.db,
    new SecretBox(parseKeyring(`bench:${randomBytes(32).toString('base64')}`)),
  );
  await connectStripeAccount(
    { db: deps.store.db, connections: accounts, audit: new AuditLog(deps.store.db), mode: 'sandbox' },
    {
      installation: installation.slug,
      apiKey: `rk_test_${randomBytes(16).toString('hex')}`,
      webhookSecret: secret,
      by: 'bench:payments',
    },
  );
  const connection = await Connection.connect({ address: deps.temporalAddress });
  const nativeConnection = await NativeConnection.connect({ address: deps.temporalAddress });
  const client = new Client({ connection });
  const taskQueue = `bench-payments-${deps.tag}`;
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows/stripe/stripeObject'),
  });
  const running = worker.run();
  const logger = pino({ level: 'silent' });
  const ingress = await startIngress({
    host: '127.0.0.1',
    port: 0,
    logger,
    health: {
      temporal: { address: deps.temporalAddress, namespace: 'default', probe: async () => {} },
      store: deps.store,
    },
    routes: [
      (router) =>
        registerStripeWebhookRoute(router, {
          accounts,
          ledger: new StripeEventLedger(deps.store.db),
          dispatch: stripeEventDispatcher(client, taskQueue),
          logger,
        }),
    ],
  });
  return {
    url: `${ingress.url}/webhooks/stripe/${installation.id}`,
    secret,
    installationId: installation.id,
    eventsOf: async (workflowId) => {
      try {
        return await client.workflow.getHandle(workflowId).query(stripeObjectEventsQuery);
      } catch {
        return undefined;
      }
    },
    close: async () => {
      await ingress.close();
      worker.shutdown();
      await running;
      await connection.close();
      await nativeConnection.close();
    },
  };
}
