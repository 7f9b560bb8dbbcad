import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/**
 * Every body reaches the handlers as the bytes received, whatever its content type: signatures are
 * over these, not over re-serialised JSON. Fastify has already refused a body over the limit (from
 * its Content-Length, before reading) or one that stopped short.
 */
export function acceptRawBodies(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

/** The request's raw bytes; empty for a request without a body. */
export function rawBodyOf(req: FastifyRequest): Buffer {
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

export type ParsedBody<T> =
  { ok: true; value: T } | { ok: false; error: 'invalid_json' | 'invalid_body'; message: string };

/** JSON, then the schema: a refusal names each bad field. */
export function parseJsonBody<T>(raw: Buffer, schema: z.ZodType<T>): ParsedBody<T> {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    return { ok: false, error: 'invalid_json', message: 'The body is not JSON.' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    return { ok: false, error: 'invalid_body', message: describeIssues(parsed.error.issues) };
  return { ok: true, value: parsed.data };
}

/** A zod error as one line naming each bad field. */
export function describeIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.message}`).join('; ');
}
