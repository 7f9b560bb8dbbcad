import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger';
import { checkHealth, type HealthDeps } from './health';
import { Router, sendJson } from './router';

export interface Ingress {
  url: string;
  close(): Promise<void>;
}

export interface IngressDeps {
  host: string;
  port: number;
  logger: Logger;
  health: HealthDeps;
  /** Further route groups (OAuth, webhooks, CRM cards), each registering on the router. */
  routes?: Array<(router: Router) => void>;
}

/** Builds the worker's HTTP routes. */
export function buildRouter(deps: IngressDeps): Router {
  const router = new Router().on('GET', '/healthz', async ({ res }) => {
    const report = await checkHealth(deps.health);
    sendJson(res, report.status === 'ok' ? 200 : 503, report);
  });
  for (const register of deps.routes ?? []) register(router);
  return router;
}

export async function startIngress(deps: IngressDeps): Promise<Ingress> {
  const router = buildRouter(deps);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ingress.local');
    const found = router.match(req.method ?? 'GET', url.pathname);
    if (found === undefined) return sendJson(res, 404, { error: 'not_found', path: url.pathname });
    if (found === 'method') return sendJson(res, 405, { error: 'method_not_allowed', method: req.method });
    Promise.resolve(found.handler({ req, res, url, params: found.params })).catch((err: unknown) => {
      deps.logger.error({ err, path: url.pathname }, 'ingress handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error' });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(deps.port, deps.host, () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
