import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter } from '@temporalio/common';
import pino from 'pino';
import { registerCodecRoutes } from '../../../worker/ingress/codecRoutes';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { AesGcmPayloadCodec } from '../../../worker/temporal/payloadCodec';
import { createTestStore } from '../../support/stores';

/** The codec server as the Temporal UI calls it: JSON payloads, CORS, and only for token holders. */
describe('codec server', () => {
  const token = randomBytes(32).toString('hex');
  const uiOrigin = 'http://127.0.0.1:8233';
  const codec = new AesGcmPayloadCodec([{ id: 'k1', key: randomBytes(32) }]);
  let ingress: Ingress;
  let store: Store;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
      health: {
        temporal: { address: 'unused', namespace: 'default', probe: () => Promise.resolve() },
        store,
      },
      routes: [
        (router) =>
          registerCodecRoutes(router, {
            codec,
            token,
            uiOrigins: [uiOrigin],
            secureCookies: false,
            logger: pino({ level: 'silent' }),
          }),
      ],
    });
  });
  afterAll(async () => {
    await ingress.close();
    await store.close();
  });

  const asJson = (value: unknown) => {
    const p = defaultPayloadConverter.toPayload(value);
    return {
      metadata: Object.fromEntries(
        Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
      ),
      data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
    };
  };
  const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${ingress.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: uiOrigin, 'x-namespace': 'default', ...headers },
      body: JSON.stringify(body),
    });

  it('refuses calls without the token, or with a wrong one, with 401', async () => {
    const body = { payloads: [asJson('x')] };
    const attempts: Array<Record<string, string>> = [
      {},
      { authorization: 'Bearer wrong' },
      { cookie: 'ledgerbridge_codec=wrong' },
    ];
    for (const headers of attempts) {
      const res = await call('/codec/decode', body, headers);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: 'unauthorized' });
    }
    expect((await call('/codec/encode', body)).status).toBe(401);
  });

  it('encodes and decodes for a bearer of the token, in the protocol the UI speaks', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const encoded = await call(
      '/codec/encode',
      { payloads: [asJson({ customer: 'Ridgeway Holdings Ltd' })] },
      auth,
    );
    expect(encoded.status).toBe(200);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const sealed = (await encoded.json()) as {
      payloads: Array<{ metadata: Record<string, string>; data: string }>;
    };
    expect(Buffer.from(sealed.payloads[0]?.metadata.encoding ?? '', 'base64').toString()).toBe(
      'binary/encrypted',
    );
    expect(Buffer.from(sealed.payloads[0]?.data ?? '', 'base64').toString('latin1')).not.toContain(
      'Ridgeway',
    );

    const decoded = await call('/codec/decode', sealed, auth);
    const plain = (await decoded.json()) as { payloads: Array<{ data: string }> };
    expect(JSON.parse(Buffer.from(plain.payloads[0]?.data ?? '', 'base64').toString())).toEqual({
      customer: 'Ridgeway Holdings Ltd',
    });
  });

  it('signs a browser in with a session cookie the UI then sends', async () => {
    const refused = await fetch(`${ingress.url}/codec/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'token=wrong',
    });
    expect(refused.status).toBe(401);
    const signedIn = await fetch(`${ingress.url}/codec/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `token=${token}`,
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    const [pair] = cookie.split(';');
    const res = await call('/codec/encode', { payloads: [asJson(1)] }, { cookie: pair ?? '' });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('answers the browser preflight for the UI origin only, and names a bad body field', async () => {
    const preflight = (origin: string) =>
      fetch(`${ingress.url}/codec/decode`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'x-namespace',
        },
      });
    const allowed = await preflight(uiOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/x-namespace/);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();

    const bad = await call(
      '/codec/decode',
      { payloads: [{ data: '%%%' }] },
      { authorization: `Bearer ${token}` },
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ detail: expect.stringContaining('payloads.0.data') });
  });
});
