import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { z } from 'zod';
import type { Logger } from '../logger';
import { signaturesEqual } from '../webhooks/constantTime';
import { describeIssues, readRaw } from './rawBody';
import { sendJson, type Router } from './router';

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

export function registerCodecRoutes(router: Router, deps: CodecRouteDeps): void {
  const cors = (req: IncomingMessage, res: ServerResponse): void => {
    const origin = req.headers.origin;
    if (!origin || !deps.uiOrigins.includes(origin)) return;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'origin');
  };
  const authorised = (req: IncomingMessage): boolean => {
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const cookie = cookieValue(req.headers.cookie, CODEC_COOKIE);
    const given = bearer ?? cookie;
    return given !== undefined && signaturesEqual(deps.token, given);
  };

  for (const direction of ['encode', 'decode'] as const) {
    const path = `/codec/${direction}`;
    router.on('OPTIONS', path, ({ req, res }) => {
      cors(req, res);
      res.writeHead(204, {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type, x-namespace, authorization',
        'access-control-max-age': '600',
      });
      res.end();
    });
    router.on('POST', path, async ({ req, res }) => {
      cors(req, res);
      if (!authorised(req)) {
        deps.logger.warn({ path, origin: req.headers.origin }, 'codec call refused: no valid codec token');
        return sendJson(res, 401, {
          error: 'unauthorized',
          hint: 'sign in at /codec/session or send a bearer token',
        });
      }
      const raw = await readRaw(req);
      if (raw === 'too_large') return sendJson(res, 413, { error: 'too_large' });
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'invalid_json' });
      }
      const parsed = payloadsSchema.safeParse(json);
      if (!parsed.success)
        return sendJson(res, 400, { error: 'invalid_body', detail: describeIssues(parsed.error.issues) });
      const payloads: Payload[] = parsed.data.payloads.map((p) => ({
        metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, fromBase64(v)])),
        data: fromBase64(p.data ?? ''),
      }));
      try {
        const result = await (direction === 'encode'
          ? deps.codec.encode(payloads)
          : deps.codec.decode(payloads));
        sendJson(res, 200, { payloads: result.map(toJson) });
      } catch (err) {
        deps.logger.warn({ path, err }, 'codec call failed');
        sendJson(res, 422, {
          error: 'codec_failed',
          message: err instanceof Error ? err.message : String(err),
        });
      }
    });
  }
  registerCodecSession(router, deps);
}

function registerCodecSession(router: Router, deps: CodecRouteDeps): void {
  router.on('GET', '/codec/session', ({ res }) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<!doctype html><title>Ledgerbridge codec</title><form method="post">' +
        '<label>Codec token <input name="token" type="password" autocomplete="off"></label> ' +
        '<button>Sign in</button></form>',
    );
  });
  router.on('POST', '/codec/session', async ({ req, res }) => {
    const raw = await readRaw(req);
    const token = raw === 'too_large' ? undefined : new URLSearchParams(raw.toString('utf8')).get('token');
    if (!token || !signaturesEqual(deps.token, token)) return sendJson(res, 401, { error: 'unauthorized' });
    const site = deps.secureCookies ? 'SameSite=None; Secure' : 'SameSite=Lax';
    res.setHeader('set-cookie', `${CODEC_COOKIE}=${token}; HttpOnly; Path=/codec; Max-Age=43200; ${site}`);
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Signed in: the Temporal UI can now decode Ledgerbridge payloads for 12 hours.');
  });
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
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
