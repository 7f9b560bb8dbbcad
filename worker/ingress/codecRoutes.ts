import type { Payload, PayloadCodec } from '@temporalio/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger';
import { signaturesEqual } from '../webhooks/constantTime';
import { parseJsonBody, rawBodyOf } from './rawBody';
import { headerOf } from './requestParts';

/**
 * The codec server the Temporal UI calls to show decrypted payloads (POST /codec/decode and
 * /codec/encode, Temporal's codec server protocol: `{ payloads: [{ metadata, data }] }`, bytes in
 * base64). Only for people holding the codec token: as `Authorization: Bearer <token>` (the CLI,
 * scripts) or as the HttpOnly cookie set by signing in at GET /codec/session, which the UI sends
 * when its codec setting "Include cross-origin credentials" is on. Browsers reach it only from the
 * configured UI origins (CORS).
 */
export interface CodecRouteDeps {
  codec: PayloadCodec;
  token: string;
  uiOrigins: string[];
  /** Cookies are marked Secure (and SameSite=None, for a UI on another site) behind https. */
  secureCookies: boolean;
  logger: Logger;
}

export const CODEC_COOKIE = 'ledgerbridge_codec';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'must be base64' });
const payloadsSchema = z.object({
  payloads: z.array(z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() })),
});

const options = { config: { rateClass: 'codec' as const } };

export function registerCodecRoutes(app: FastifyInstance, deps: CodecRouteDeps): void {
  const cors = (req: FastifyRequest, reply: FastifyReply): void => {
    const origin = headerOf(req, 'origin');
    if (!origin || !deps.uiOrigins.includes(origin)) return;
    void reply.headers({
      'access-control-allow-origin': origin,
      'access-control-allow-credentials': 'true',
      vary: 'origin',
    });
  };
  const authorised = (req: FastifyRequest): boolean => {
    const bearer = /^Bearer (.+)$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
    const given = bearer ?? req.cookies[CODEC_COOKIE];
    return given !== undefined && signaturesEqual(deps.token, given);
  };

  for (const direction of ['encode', 'decode'] as const) {
    const path = `/codec/${direction}`;
    app.options(path, options, async (req, reply) => {
      cors(req, reply);
      return reply
        .code(204)
        .headers({
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type, x-namespace, authorization',
          'access-control-max-age': '600',
        })
        .send();
    });
    app.post(path, options, async (req, reply) => {
      cors(req, reply);
      if (!authorised(req)) {
        deps.logger.warn(
          { path, origin: headerOf(req, 'origin') },
          'codec call refused: no valid codec token',
        );
        return reply
          .code(401)
          .send({ error: 'unauthorized', hint: 'sign in at /codec/session or send a bearer token' });
      }
      const parsed = parseJsonBody(rawBodyOf(req), payloadsSchema);
      if (!parsed.ok) return reply.code(400).send({ error: parsed.error, detail: parsed.message });
      const payloads: Payload[] = parsed.value.payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, fromBase64(v)])),
        data: fromBase64(p.data ?? ''),
      }));
      try {
        const result = await (direction === 'encode'
          ? deps.codec.encode(payloads)
          : deps.codec.decode(payloads));
        return reply.code(200).send({ payloads: result.map(toJson) });
      } catch (err) {
        deps.logger.warn({ path, err }, 'codec call failed');
        return reply.code(422).send({
          error: 'codec_failed',
          message: err instanceof Error ? err.message : String(err),
        });
      }
    });
  }
  registerCodecSession(app, deps);
}

function registerCodecSession(app: FastifyInstance, deps: CodecRouteDeps): void {
  app.get('/codec/session', options, async (_req, reply) =>
    reply
      .code(200)
      .header('content-type', 'text/html; charset=utf-8')
      .send(
        '<!doctype html><title>Ledgerbridge codec</title><form method="post">' +
          '<label>Codec token <input name="token" type="password" autocomplete="off"></label> ' +
          '<button>Sign in</button></form>',
      ),
  );
  app.post('/codec/session', options, async (req, reply) => {
    const token = new URLSearchParams(rawBodyOf(req).toString('utf8')).get('token');
    if (!token || !signaturesEqual(deps.token, token)) return reply.code(401).send({ error: 'unauthorized' });
    return reply
      .setCookie(CODEC_COOKIE, token, {
        httpOnly: true,
        path: '/codec',
        maxAge: 43_200,
        ...(deps.secureCookies ? { sameSite: 'none', secure: true } : { sameSite: 'lax' }),
      })
      .code(200)
      .header('content-type', 'text/plain; charset=utf-8')
      .send('Signed in: the Temporal UI can now decode Ledgerbridge payloads for 12 hours.');
  });
}

const fromBase64 = (value: string) => new Uint8Array(Buffer.from(value, 'base64'));

function toJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
  };
}
