import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { signaturesEqual } from '../webhooks/constantTime';
import { headerOf } from './requestParts';

export interface MetricsRouteDeps {
  registry: Registry;
  temporalMetricsUrl: string | undefined;
  logger: Logger;
  /** Required as `Authorization: Bearer <token>` when set (the route on the public listener). */
  bearerToken?: string;
}

/**
 * GET /metrics: Ledgerbridge's registry followed by the Temporal SDK runtime's own Prometheus
 * exposition (served by the core on a loopback port), so one scrape target has both. A runtime that
 * does not answer costs only its part of the page. Served on the operations listener; on the public
 * one only with a bearer token. A scrape reads cached workflow counts (worker/temporal/metrics.ts).
 */
export function registerMetricsRoute(app: FastifyInstance, deps: MetricsRouteDeps): void {
  app.get('/metrics', { config: { rateClass: 'operations' } }, async (req, reply) => {
    if (deps.bearerToken !== undefined) {
      const given = /^Bearer (.+)$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
      if (given === undefined || !signaturesEqual(deps.bearerToken, given))
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer')
          .send({ error: 'unauthorized', message: 'Send the metrics token as a bearer token.' });
    }
    const ours = await deps.registry.metrics();
    let sdk = '';
    if (deps.temporalMetricsUrl) {
      try {
        const answer = await fetch(deps.temporalMetricsUrl, { signal: AbortSignal.timeout(2_000) });
        if (answer.ok) sdk = await answer.text();
      } catch (err) {
        deps.logger.debug({ err }, 'temporal runtime metrics unavailable');
      }
    }
    return reply
      .code(200)
      .header('content-type', deps.registry.contentType)
      .send(`${ours.trimEnd()}\n${sdk}`);
  });
}
