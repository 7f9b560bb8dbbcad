import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../logger';
import { HANDOVER_RETRY_AFTER_SECONDS, TemporalUnavailableError } from '../webhooks/handoverDeadline';
import type { RouteTable } from './routeTable';

/** Thrown by the rate limiter: the client waits `after` (a sentence such as "1 minute"). */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly statusCode: number,
    after: string,
  ) {
    super(`Too many requests; retry in ${after}.`);
  }
}

/**
 * The ingress's one error handler. A client's mistake (a body over the limit, a bad content type or
 * length, a request cut short, too many requests) is a 4xx saying what was wrong; a dependency that
 * did not answer in time is a 503 with Retry-After; anything else is a bug: logged with its stack,
 * answered 500 without a word of its internals.
 */
export function installErrorHandling(app: FastifyInstance, logger: Logger, routes: RouteTable): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const where = { method: req.method, path: pathOf(req) };
    if (err instanceof TemporalUnavailableError) {
      logger.warn({ ...where, reason: err.message }, 'temporal unreachable: hand-over refused with 503');
      return unavailable(
        reply,
        'temporal_unavailable',
        'The change could not be recorded just now; retry shortly.',
      );
    }
    if (err.code === 'FST_ERR_HANDLER_TIMEOUT') {
      logger.warn(where, 'ingress handler timed out');
      return unavailable(reply, 'timeout', 'The request took too long; retry shortly.');
    }
    const status = clientErrorStatus(err);
    if (status !== undefined) {
      logger.info({ ...where, status, code: err.code }, 'ingress request refused');
      return reply.code(status).send({ error: errorNameOf(status), message: err.message });
    }
    logger.error({ ...where, err }, 'ingress handler failed');
    return reply.code(500).send({ error: 'internal_error' });
  });

  app.setNotFoundHandler((req, reply) => {
    const allowed = routes.methodsFor(req.url);
    if (allowed.length > 0)
      return reply
        .code(405)
        .header('allow', allowed.join(', '))
        .send({ error: 'method_not_allowed', message: `Use ${allowed.join(' or ')}.` });
    return reply.code(404).send({ error: 'not_found', message: 'No such route.' });
  });
}

/** Fastify's own refusals before routing (a path that is not a valid URL: `/%ZZ`, `http://[`). */
export function frameworkErrorHandler(logger: Logger) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    if (err.code === 'FST_ERR_BAD_URL') {
      logger.info({ method: req.method, code: err.code }, 'ingress request refused: bad request target');
      void reply
        .code(400)
        .send({ error: 'bad_request', message: 'The request target is not a valid URL path.' });
      return;
    }
    logger.error({ err, method: req.method }, 'ingress routing failed');
    void reply.code(500).send({ error: 'internal_error' });
  };
}

function unavailable(reply: FastifyReply, error: string, message: string): FastifyReply {
  return reply.code(503).header('retry-after', String(HANDOVER_RETRY_AFTER_SECONDS)).send({ error, message });
}

/**
 * A 4xx only for refusals that Fastify and the rate limiter make about the request itself. An error
 * from elsewhere that happens to carry a statusCode (a vendor client's 404) is not the client's fault.
 */
function clientErrorStatus(err: FastifyError): number | undefined {
  const status = err.statusCode;
  if (status === undefined || status < 400 || status > 499) return undefined;
  const fromFastify = typeof err.code === 'string' && err.code.startsWith('FST_');
  // The client closed the connection while its body was being read (Fastify marks it 400).
  const cutShort = err.code === 'ECONNRESET';
  return fromFastify || cutShort || err instanceof RateLimitedError ? status : undefined;
}

function errorNameOf(status: number): string {
  switch (status) {
    case 413:
      return 'too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'bad_request';
  }
}

function pathOf(req: FastifyRequest): string {
  const query = req.url.indexOf('?');
  const path = query === -1 ? req.url : req.url.slice(0, query);
  // A customer portal link's token is its holder's only credential: never logged.
  return path.replace(/^\/portal\/([^/]+)\/[^/]+/, '/portal/$1/<token>');
}
