import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import Stripe from 'stripe';
import { InstallationStore } from '../../worker/installations/installationStore';
import type { Store } from '../../worker/store/store';

/**
 * The floor the ingress is held against: a plain Fastify route that verifies the signature with the
 * SDK's `constructEvent` and inserts the event into the same store's `stripe_events` (its own
 * installation), then answers. No schema, no duplicate check, no Temporal: what any handler must do.
 */
export async function startBareTarget(deps: {
  store: Store;
  tag: string;
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
    return reply.code(200).send();
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/webhooks/stripe`, secret, close: () => app.close() };
}
