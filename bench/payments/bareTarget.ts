import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import Fastify from 'fastify';
import Stripe from 'stripe';
import { InstallationStore } from '../../worker/installations/installationStore';
import type { Store } from '../../worker/store/store';

/**
 * The floor the ingress is held against: a plain Fastify route doing the same work with the SDK
 * calls alone: verify the signature with `constructEvent`, insert the event into the same store's
 * `stripe_events` (its own installation), hand it to Temporal with one signal-with-start on the same
 * server (a task queue nobody polls: the hand-over, not the workflow, is the work), then answer. No
 * schema, no duplicate check, no ledger of hand-overs, no deadline.
 */
export async function startBareTarget(deps: {
  store: Store;
  tag: string;
  temporal?: { client: Client } | undefined;
}): Promise<{ url: string; secret: string; close(): Promise<void> }> {
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const installation = await new InstallationStore(deps.store.db).ensure({ slug: `bench-bare-${deps.tag}` });
  const app = Fastify({ logger: false });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  app.post('/webhooks/stripe', async (req, reply) => {
    const signature = req.headers['stripe-signature'];
    let event: Stripe.Event;
    try {
      event = Stripe.webhooks.constructEvent(
        req.body as Buffer,
        typeof signature === 'string' ? signature : '',
        secret,
      );
    } catch {
      return reply.code(400).send();
    }
    const object = event.data.object as { id?: string; object?: string };
    await deps.store.db
      .insertInto('stripe_events')
      .values({
        installation_id: installation.id,
        event_id: event.id,
        type: event.type,
        object_type: object.object ?? '',
        object_id: object.id ?? '',
        workflow_id: '',
        created: new Date(event.created * 1000),
        livemode: event.livemode,
        fields: JSON.stringify(event.data.object),
      })
      .onConflict((oc) => oc.columns(['installation_id', 'event_id']).doNothing())
      .execute();
    if (deps.temporal)
      await deps.temporal.client.workflow.signalWithStart('stripeObjectWorkflow', {
        taskQueue: `bench-bare-${deps.tag}`,
        workflowId: `bench-bare:${deps.tag}:${object.id ?? event.id}`,
        args: [
          { installationId: installation.id, objectType: object.object ?? '', objectId: object.id ?? '' },
        ],
        signal: 'stripeEvent',
        signalArgs: [
          { eventId: event.id, type: event.type, created: event.created, livemode: event.livemode },
        ],
      });
    return reply.code(200).send();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks/stripe`, secret, close: () => app.close() };
}
