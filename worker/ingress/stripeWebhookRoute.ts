import type { FastifyInstance, FastifyReply } from 'fastify';
import Stripe from 'stripe';
import { z } from 'zod';
import type { StripeWebhookAccount } from '../connectors/stripe/stripeConnections';
import type { Logger } from '../logger';
import type { JsonObject } from '../store/schema';
import type { StripeEventDispatch } from '../webhooks/stripeEventDispatcher';
import type { StripeEventLedger } from '../webhooks/stripeEventLedger';
import { isHandledStripeEventType, stripeEventSchema } from '../webhooks/stripeEventSchema';
import { stripeObjectKeyOf, stripeObjectWorkflowId } from '../webhooks/stripeObjectKey';
import { describeIssues, rawBodyOf } from './rawBody';
import { headerOf } from './requestParts';

export interface StripeWebhookDeps {
  accounts: { forWebhook(installationId: string): Promise<StripeWebhookAccount | undefined> };
  ledger: Pick<StripeEventLedger, 'record' | 'markHandedOver' | 'installationPaused'>;
  dispatch: StripeEventDispatch;
  logger: Logger;
  /** Milliseconds since the epoch: what the signature's timestamp is held against. */
  now?: () => number;
}

const paramsSchema = z.object({
  installationId: z.uuid({ error: 'installationId: expected the installation ID (a UUID) in the path' }),
});

/**
 * `POST /webhooks/stripe/<installation id>`, the endpoint an installation's Stripe account calls.
 * The raw body is verified with the SDK's `webhooks.constructEvent` against the installation's
 * signing secret (and the SDK's 5-minute timestamp tolerance): 400 and nothing stored otherwise, as
 * Stripe asks. An event of a type Ledgerbridge does not act on is answered 200 and ignored; one it
 * acts on is validated (400 naming the field), recorded in `stripe_events` (a repeat of an event
 * already handed over is answered 200 and goes no further), and handed to its object's workflow
 * before the 200. Temporal not taking it in time is a 503 (the ingress's error handler): Stripe retries.
 * Events of a paused installation are recorded and wait for its resume (stripeHeldEvents.ts); of an
 * uninstalled one, dropped.
 */
export function registerStripeWebhookRoute(app: FastifyInstance, deps: StripeWebhookDeps): void {
  const now = deps.now ?? Date.now;
  const log = deps.logger;
  app.post('/webhooks/stripe/:installationId', { config: { rateClass: 'webhook' } }, async (req, reply) => {
    const params = paramsSchema.safeParse(req.params);
    if (!params.success) return refuse(reply, 400, 'invalid_path', describeIssues(params.error.issues));
    const { installationId } = params.data;
    const account = await deps.accounts.forWebhook(installationId);
    if (!account)
      return refuse(
        reply,
        404,
        'not_found',
        'installationId: no Stripe account is connected to this installation',
      );

    let verified: unknown;
    try {
      verified = Stripe.webhooks.constructEvent(
        rawBodyOf(req),
        headerOf(req, 'stripe-signature') ?? '',
        account.webhookSecret,
        undefined,
        undefined,
        now(),
      );
    } catch (err) {
      if (err instanceof Stripe.errors.StripeSignatureVerificationError) {
        log.warn(
          { installationId, reason: err.message.split('\n')[0] },
          'stripe webhook refused: bad signature',
        );
        return refuse(
          reply,
          400,
          'invalid_signature',
          'Stripe-Signature: does not match the body, or is too old',
        );
      }
      // Signed, but not JSON.
      return refuse(reply, 400, 'invalid_json', 'The body is not JSON.');
    }

    const type = (verified as { type?: unknown } | null)?.type;
    if (!isHandledStripeEventType(type)) {
      log.info(
        { installationId, type: typeof type === 'string' ? type : undefined },
        'stripe webhook: event type ignored',
      );
      return reply.code(200).send();
    }
    const parsed = stripeEventSchema.safeParse(verified);
    if (!parsed.success) {
      const message = describeIssues(parsed.error.issues);
      log.warn({ installationId, type, why: message }, 'stripe webhook: invalid event');
      return refuse(reply, 400, 'invalid_body', message);
    }
    const event = parsed.data;
    if (event.livemode !== account.livemode) {
      // A test-mode event at a live account's endpoint (or the reverse) must not reach its records.
      log.warn(
        { installationId, eventId: event.id, livemode: event.livemode },
        'stripe webhook: event of the other mode ignored',
      );
      return reply.code(200).send();
    }
    if (account.status === 'uninstalled') {
      log.info(
        { installationId, eventId: event.id },
        'stripe webhook: installation uninstalled, event dropped',
      );
      return reply.code(200).send();
    }

    const key = stripeObjectKeyOf(event);
    const entry = {
      installationId,
      workflowId: stripeObjectWorkflowId(installationId, key),
      ...key,
      event: {
        eventId: event.id,
        type: event.type,
        created: event.created,
        livemode: event.livemode,
        object: asJsonObject(event.data.object),
      },
    };
    const state = await deps.ledger.record(entry);
    if (state === 'handed_over') {
      log.debug({ installationId, eventId: event.id }, 'stripe webhook: duplicate ignored');
      return reply.code(200).send();
    }
    if (await deps.ledger.installationPaused(installationId)) {
      log.info({ installationId, eventId: event.id }, 'stripe webhook: installation paused, event held');
      return reply.code(200).send();
    }
    await deps.dispatch(entry, account.installationSlug);
    await deps.ledger.markHandedOver(installationId, event.id, new Date(now()));
    log.info(
      { installationId, eventId: event.id, type: event.type, workflowId: entry.workflowId },
      'stripe webhook accepted',
    );
    return reply.code(200).send();
  });
}

function refuse(reply: FastifyReply, status: 400 | 404, error: string, message: string) {
  return reply.code(status).send({ error, message });
}

/** The validated fields are plain JSON already (zod output of JSON input); this makes the type say so. */
function asJsonObject(value: object): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
