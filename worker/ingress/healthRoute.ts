import type { FastifyInstance } from 'fastify';
import { checkHealth, type HealthDeps } from './health';

/** GET /healthz: 200 when Temporal and the store both answer, 503 naming the one that does not. */
export function registerHealthRoute(app: FastifyInstance, health: HealthDeps): void {
  app.get('/healthz', { config: { rateClass: 'operations' } }, async (_req, reply) => {
    const report = await checkHealth(health);
    return reply.code(report.status === 'ok' ? 200 : 503).send(report);
  });
}
