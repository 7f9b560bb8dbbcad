import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from '../logger';
import { frameworkErrorHandler, installErrorHandling, RateLimitedError } from './errorHandling';
import type { HealthDeps } from './health';
import { registerHealthRoute } from './healthRoute';
import { ingressLimits, type IngressLimitOverrides, type IngressLimits } from './ingressLimits';
import { acceptRawBodies } from './rawBody';
import { RouteTable } from './routeTable';

/** A group of routes (OAuth, webhooks, cards…) registered on the ingress. */
export type RouteGroup = (app: FastifyInstance) => void;

export interface IngressAppDeps {
  logger: Logger;
  health: HealthDeps;
  routes?: RouteGroup[];
  limits?: IngressLimitOverrides;
}

/**
 * The ingress as a Fastify app, not yet listening: raw bodies, the limits of ingressLimits.ts, a
 * rate limit per route, one error handler, GET /healthz and the given route groups.
 */
export async function buildIngressApp(deps: IngressAppDeps): Promise<FastifyInstance> {
  const limits = ingressLimits(deps.limits);
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyLimitBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    handlerTimeout: limits.handlerTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    // Requests are traced by our own log lines; Fastify's request ids would be a second scheme.
    requestIdHeader: false,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler(deps.logger),
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // How often Node checks the header and request timeouts (its default, 30 s, would let them overrun).
      connectionsCheckingInterval: Math.max(250, Math.min(limits.headersTimeoutMs, 5_000) / 4),
    },
  });
  app.server.maxConnections = limits.maxConnections;

  // A proxy's CONNECT would otherwise end in a silently closed socket.
  app.server.on('connect', (_req: unknown, socket: Duplex) =>
    socket.end('HTTP/1.1 405 Method Not Allowed\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
  );

  const routes = new RouteTable(app);
  acceptRawBodies(app);
  installErrorHandling(app, deps.logger, routes);
  applyRateClasses(app, limits);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) => new RateLimitedError(context.statusCode, context.after),
  });

  // Parses Cookie headers for the codec's session (a malformed one yields no cookies, never an error).
  await app.register(cookie);

  registerHealthRoute(app, deps.health);
  for (const register of deps.routes ?? []) register(app);
  return app;
}

/** Each route's `rateClass` becomes its own @fastify/rate-limit budget (a counter per route and address). */
function applyRateClasses(app: FastifyInstance, limits: IngressLimits): void {
  // Runs before the rate limiter's own onRoute hook, which reads config.rateLimit.
  app.addHook('onRoute', (route) => {
    const rateClass = route.config?.rateClass;
    if (!rateClass) return;
    route.config = {
      ...route.config,
      rateLimit: { max: limits.ratePerMinute[rateClass], timeWindow: 60_000 },
    };
  });
}
