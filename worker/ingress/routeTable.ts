import type { FastifyInstance } from 'fastify';

/**
 * The routes registered, by method and path pattern, so a path served under other methods answers
 * 405 with an Allow header instead of Fastify's 404.
 */
export class RouteTable {
  private readonly routes: Array<{ method: string; pattern: RegExp }> = [];

  constructor(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) this.routes.push({ method, pattern: patternOf(route.url) });
    });
  }

  /** The methods a path is served under; empty when no route has that path. */
  methodsFor(url: string): string[] {
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    return [...new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
  }
}

/** `/oauth/:vendor/start` → a regular expression over raw (undecoded) path segments. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}
