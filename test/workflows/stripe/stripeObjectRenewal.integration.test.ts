import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { StripeObjectEvent } from '../../../workflows/stripe/stripeObjectSignals';
import { stripeObjectStateQuery } from '../../../workflows/stripe/stripeObjectSignals';
import { installQuietRuntime, testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';

jest.setTimeout(60_000);

/**
 * The subscription side of the Stripe object workflow on the real dev server, its activities
 * faked: the renewal deal's timer fires once at its time, and a run continued-as-new keeps both the
 * steps it took and the timer it was waiting on.
 */
const subscriptionEvent = (eventId: string, created: number): StripeObjectEvent => ({
  eventId,
  type: 'customer.subscription.updated',
  created,
  livemode: false,
  object: {
    id: 'sub_Renewal1',
    object: 'subscription',
    customer: 'cus_Renewal1',
    status: 'active',
    currency: 'usd',
    cancel_at_period_end: false,
    canceled_at: null,
    cancel_at: null,
    ended_at: null,
    items: { data: [] },
    metadata: {},
  },
});

describe('stripeObjectWorkflow: a subscription', () => {
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let running: Promise<void>;
  const calls = { applied: [] as string[], renewals: 0 };
  let renewalDueAt: string | null = null;
  const taskQueue = `test-stripe-renewal-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    installQuietRuntime();
    const address = testEnv('temporalAddress');
    connection = await Connection.connect({ address });
    client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address }),
      taskQueue,
      workflowsPath: require.resolve('../../../workflows/stripe/stripeObject'),
      dataConverter: testDataConverter(),
      activities: {
        applyStripeSubscription: (input: { eventId: string }) => {
          calls.applied.push(input.eventId);
          return Promise.resolve({ renewalDueAt, valued: true });
        },
        ensureStripeRenewal: () => {
          calls.renewals++;
          return Promise.resolve({ renewalDueAt: null });
        },
      },
    });
    running = worker.run();
  });
  afterAll(async () => {
    worker.shutdown();
    await running;
    await connection.close();
  });

  it('makes the renewal deal once when its day comes, after a continue-as-new too', async () => {
    renewalDueAt = new Date(Date.now() + 2_000).toISOString();
    const handle = await client.workflow.start('stripeObjectWorkflow', {
      taskQueue,
      workflowId: `stripe:${randomUUID()}:subscription:sub_Renewal1`,
      // As a continued run starts: its event applied already and the renewal timer pending.
      args: [
        {
          installationId: randomUUID(),
          objectType: 'subscription',
          objectId: 'sub_Renewal1',
          events: [subscriptionEvent('evt_Renewal1', 1_900_000_000)],
          done: ['applied:evt_Renewal1'],
          renewalDueAt,
        },
      ],
    });
    expect((await handle.query(stripeObjectStateQuery)).renewalDueAt).toBe(renewalDueAt);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(calls.applied).toEqual([]);
    expect(calls.renewals).toBe(1);
    expect((await handle.query(stripeObjectStateQuery)).renewalDueAt).toBeNull();
    await handle.terminate('test over');
  });
});
