import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import type { Router } from './router';

/**
 * GET /metrics: Ledgerbridge's registry followed by the Temporal SDK runtime's own Prometheus
 * exposition (served by the core on a loopback port), so one scrape target has both. A runtime that
 * does not answer costs only its part of the page.
 */
export function registerMetricsRoute(
  router: Router,
  deps: { registry: Registry; temporalMetricsUrl: string | undefined; logger: Logger },
): void {
  router.on('GET', '/metrics', async ({ res }) => {
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
    const body = `${ours.trimEnd()}\n${sdk}`;
    res.writeHead(200, {
      'content-type': deps.registry.contentType,
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
}
