import type { FastifyRequest } from 'fastify';

/** A header's first value (a header sent twice counts as sent once, by its first value). */
export function headerOf(req: FastifyRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The query string as sent, duplicates kept. URLSearchParams never throws: a bad percent escape is
 * kept as written, so a malformed query reaches the handler's own checks.
 */
export function searchParamsOf(req: FastifyRequest): URLSearchParams {
  const at = req.url.indexOf('?');
  return new URLSearchParams(at === -1 ? '' : req.url.slice(at + 1));
}
