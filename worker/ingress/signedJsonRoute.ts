import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Logger } from '../logger';
import { parseJsonBody, rawBodyOf } from './rawBody';

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

export interface SignedJsonRoute<T> {
  path: string;
  /** Names the sender in log lines ("xero webhook"). */
  name: string;
  /** Checks the sender's signature over the raw bytes, before anything is parsed. */
  verify(req: FastifyRequest, rawBody: Buffer): SignatureVerdict;
  schema: z.ZodType<T>;
  /**
   * Hands the validated payload to Temporal. Only once this returns is the request acknowledged:
   * an unreachable Temporal (TemporalUnavailableError) makes it a 503 with Retry-After instead.
   */
  handOver(payload: T): Promise<void>;
  logger: Logger;
}

/**
 * `POST <path>` for a vendor's signed JSON notice, the one ladder every webhook climbs: verify the
 * signature (401 with an empty body, nothing parsed), parse the JSON and validate it (400 naming each
 * bad field: the sender is authenticated by then), hand it over, answer 200 with an empty body.
 */
export function signedJsonRoute<T>(app: FastifyInstance, route: SignedJsonRoute<T>): void {
  app.post(route.path, { config: { rateClass: 'webhook' } }, async (req, reply) => {
    const raw = rawBodyOf(req);
    const verdict = route.verify(req, raw);
    if (!verdict.ok) {
      route.logger.warn({ reason: verdict.reason }, `${route.name} refused: bad signature`);
      return reply.code(401).send();
    }
    const parsed = parseJsonBody(raw, route.schema);
    if (!parsed.ok) {
      route.logger.warn({ why: parsed.message, bytes: raw.length }, `${route.name}: ${parsed.error}`);
      return reply.code(400).send({ error: parsed.error, message: parsed.message });
    }
    await route.handOver(parsed.value);
    return reply.code(200).send();
  });
}
