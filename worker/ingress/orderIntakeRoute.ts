import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger';
import type { OrderDispatch } from '../orders/orderDispatch';
import { sha256Hex, type OrderEndpointAuth, type OrderEndpoints } from '../orders/orderEndpoints';
import type { OrderLedger } from '../orders/orderLedger';
import { ORDER_SIGNATURE_HEADER, verifyOrderSignature } from '../orders/orderSignature';
import { parseOrderJson, parseOrderXml, type OrderProblem, type ParsedOrder } from '../orders/parseOrder';
import { signaturesEqual } from '../webhooks/constantTime';
import { describeIssues, rawBodyOf } from './rawBody';
import { headerOf } from './requestParts';

export interface OrderIntakeDeps {
  endpoints: Pick<OrderEndpoints, 'forIntake'>;
  ledger: Pick<OrderLedger, 'receive' | 'markHandedOver' | 'recordRejection' | 'markRejectionHandedOver'>;
  dispatch: OrderDispatch;
  logger: Logger;
  /** Milliseconds since the epoch: the signature's clock and the order's time of receipt. */
  now?: () => number;
}

const paramsSchema = z.object({
  installationId: z.uuid({ error: 'installationId: expected the installation ID (a UUID) in the path' }),
});

/**
 * `POST /orders/<installation id>`: an e-commerce site posts one order, as XML (`application/xml`,
 * `text/xml`) or JSON. Who may call: the installation's site, proven by an HMAC signature over the
 * body (`X-Ledgerbridge-Signature`, orderSignature.ts) or its bearer token; anyone else gets 401 and
 * nothing is stored. A signed post that is not a valid order is answered 400 naming each element
 * and reported once to customer service. A valid one is recorded (idempotent by the site's order ID)
 * and its workflow started before the 202; a repeat is answered 200 with the order's state, another
 * order under a used ID 409. Temporal not taking it in time is a 503 (the site retries).
 */
export function registerOrderIntakeRoute(app: FastifyInstance, deps: OrderIntakeDeps): void {
  const now = deps.now ?? Date.now;
  const log = deps.logger;
  app.post('/orders/:installationId', { config: { rateClass: 'orders' } }, async (req, reply) => {
    const params = paramsSchema.safeParse(req.params);
    if (!params.success) return refuse(reply, 400, 'invalid_path', describeIssues(params.error.issues));
    const { installationId } = params.data;
    const endpoint = await deps.endpoints.forIntake(installationId);
    if (!endpoint || endpoint.status === 'uninstalled')
      return refuse(
        reply,
        404,
        'not_found',
        'installationId: no order endpoint is set up for this installation',
      );
    const body = rawBodyOf(req);
    const denied = authenticationProblem(req, body, endpoint, now());
    if (denied) {
      log.warn({ installationId, reason: denied }, 'order post refused: not authenticated');
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="orders"')
        .send({ error: 'unauthenticated', message: denied });
    }
    if (endpoint.status !== 'active')
      return reply
        .code(503)
        .header('retry-after', '3600')
        .send({ error: 'paused', message: 'This installation is paused: post the order again later.' });

    const parsed = parseBody(headerOf(req, 'content-type'), body);
    if (parsed === 'unsupported')
      return refuse(
        reply,
        415,
        'unsupported_media_type',
        'content-type: send application/xml, text/xml or application/json',
      );
    const bodySha256 = sha256Hex(body);
    if (!parsed.ok) {
      const reason = parsed.problems.map((p) => `${p.at}: ${p.message}`).join('; ');
      const recorded = await deps.ledger.recordRejection(
        installationId,
        bodySha256,
        orderIdHint(body),
        reason,
      );
      if (recorded.kind === 'new' || !recorded.handedOver) {
        await deps.dispatch.rejection(installationId, endpoint.installationSlug, bodySha256);
        await deps.ledger.markRejectionHandedOver(installationId, bodySha256, new Date(now()));
      }
      log.info({ installationId, problems: parsed.problems.length }, 'order post refused: not a valid order');
      return reply.code(400).send({ error: 'invalid_order', message: reason, problems: parsed.problems });
    }

    const { order } = parsed;
    const receipt = await deps.ledger.receive(installationId, order, bodySha256, new Date(now()));
    if (receipt.kind === 'conflict')
      return refuse(
        reply,
        409,
        'order_id_in_use',
        `order.id: ${order.id} was received before with other content`,
      );
    if (receipt.kind === 'repeat' && receipt.handedOver)
      return reply.code(200).send({ orderId: order.id, state: receipt.state, duplicate: true });
    await deps.dispatch.order(installationId, endpoint.installationSlug, order.id);
    await deps.ledger.markHandedOver(installationId, order.id, new Date(now()));
    log.info({ installationId, orderId: order.id, method: order.payment.method }, 'order accepted');
    return reply.code(202).send({ orderId: order.id, state: 'received' });
  });
}

/** Why the post is not the installation's site's; undefined when it is. */
function authenticationProblem(
  req: FastifyRequest,
  body: Buffer,
  endpoint: OrderEndpointAuth,
  nowMs: number,
): string | undefined {
  const signature = headerOf(req, ORDER_SIGNATURE_HEADER);
  if (signature !== undefined) {
    const checks = endpoint.signingSecrets.map((secret) =>
      verifyOrderSignature(secret, body, signature, Math.floor(nowMs / 1000)),
    );
    const failed = checks.find((c) => !c.ok);
    return checks.some((c) => c.ok) ? undefined : failed && !failed.ok ? failed.reason : 'signature';
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
  if (bearer !== undefined)
    return signaturesEqual(endpoint.tokenSha256, sha256Hex(bearer))
      ? undefined
      : 'authorization: unknown token';
  return `${ORDER_SIGNATURE_HEADER} or authorization: one is required`;
}

function parseBody(contentType: string | undefined, body: Buffer): ParsedOrder | 'unsupported' {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/xml' || type === 'text/xml') return parseOrderXml(body.toString('utf8'));
  if (type !== 'application/json') return 'unsupported';
  try {
    return parseOrderJson(JSON.parse(body.toString('utf8')));
  } catch {
    return { ok: false, problems: [{ at: 'order', message: 'the body is not JSON' } satisfies OrderProblem] };
  }
}

/** The order ID of a post that failed validation, where one can be read, for customer service. */
function orderIdHint(body: Buffer): string | null {
  const text = body.subarray(0, 4096).toString('utf8');
  const id =
    /<id>\s*([A-Za-z0-9._:-]{1,64})\s*<\/id>/.exec(text)?.[1] ??
    /"id"\s*:\s*"([A-Za-z0-9._:-]{1,64})"/.exec(text)?.[1];
  return id ?? null;
}

function refuse(reply: FastifyReply, status: 400 | 404 | 409 | 415, error: string, message: string) {
  return reply.code(status).send({ error, message });
}
