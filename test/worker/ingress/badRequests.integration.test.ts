import pino from 'pino';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';
import { startAppIngress, type AppIngress } from './appIngress';
import { rawRequest, sendRaw } from './rawHttp';

/**
 * Requests no client library would send, answered with a 4xx by a running ingress that keeps
 * serving: before Fastify, `GET /oauth/%ZZ/start` (URIError) and a target such as `http://[`
 * (`new URL`) threw outside any catch and stopped the process.
 */
describe('the ingress refuses malformed requests and keeps serving', () => {
  let app: AppIngress;

  beforeAll(async () => {
    app = await startAppIngress({
      limits: { bodyLimitBytes: 10_000, headersTimeoutMs: 500, ratePerMinute: { oauth: 3 } },
    });
  });
  afterAll(() => app.close());

  const raw = (request: string | Buffer, options?: Parameters<typeof sendRaw>[2]) =>
    sendRaw(app.ingress.url, request, options);
  const stillServing = async () => expect((await fetch(`${app.ingress.url}/healthz`)).status).toBe(200);

  it('answers a bad percent escape in a path parameter with 400', async () => {
    const answer = await raw(rawRequest('GET', '/oauth/%ZZ/start', [['Connection', 'close']]));
    expect(answer.statuses).toEqual([400]);
    expect(answer.text).toContain('"error":"bad_request"');
    expect(answer.text).not.toContain('URIError');
    await stillServing();
  });

  it.each([
    'http://[',
    'http://[/healthz',
    '//%',
    '*',
    'http://127.0.0.1:99999/healthz',
    '/healthz/%E0%A4%A',
  ])('answers the request target %j with a 4xx', async (target) => {
    const [status] = (await raw(rawRequest('GET', target, [['Connection', 'close']]))).statuses;
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    await stillServing();
  });

  it.each(['[::1', 'a:b:c%zz', '', '\u00ff\u00fe', 'x'.repeat(5_000)])(
    'serves /healthz whatever the Host header (%j)',
    async (host) => {
      const answer = await raw(
        rawRequest('GET', '/healthz', [
          ['Host', host],
          ['Connection', 'close'],
        ]),
      );
      expect(answer.statuses).toEqual([200]);
    },
  );

  it('refuses a request without a Host header; a second Host changes nothing', async () => {
    const none = Buffer.from('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect((await raw(none)).statuses).toEqual([400]);
    const twice = rawRequest('GET', '/healthz', [
      ['Host', 'a'],
      ['Host', '[b'],
      ['Connection', 'close'],
    ]);
    expect((await raw(twice)).statuses).toEqual([200]);
  });

  it.each(['FOO', 'G\u0000ET', 'get', 'PROPFIND', 'CONNECT'])(
    'answers the method %j with a 4xx',
    async (method) => {
      const [status] = (await raw(rawRequest(method, '/healthz', [['Connection', 'close']]))).statuses;
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
    },
  );

  it('answers a known path under another method with 405 and Allow', async () => {
    const res = await fetch(`${app.ingress.url}/healthz`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toMatch(/GET/);
    expect((await fetch(`${app.ingress.url}/webhooks/xero`)).status).toBe(405);
    expect((await fetch(`${app.ingress.url}/no/such/route`)).status).toBe(404);
  });

  it('refuses a body over the limit with 413 from its Content-Length, before reading it', async () => {
    // Headers only, the socket left open: the answer can only come from the announced length.
    const answer = await raw(
      rawRequest('POST', '/webhooks/xero', [
        ['Content-Type', 'application/json'],
        ['Content-Length', '10000001'],
      ]),
      { halfClose: false, waitMs: 3_000 },
    );
    expect(answer.timedOut).toBe(false);
    expect(answer.statuses).toEqual([413]);
    expect(answer.text).toContain('"error":"too_large"');
  });

  it('refuses a chunked body that grows past the limit with 413', async () => {
    const chunk = 'a'.repeat(4_000);
    const body = `${[1, 2, 3].map(() => `${chunk.length.toString(16)}\r\n${chunk}\r\n`).join('')}0\r\n\r\n`;
    const answer = await raw(rawRequest('POST', '/webhooks/xero', [['Transfer-Encoding', 'chunked']], body));
    expect(answer.statuses).toEqual([413]);
  });

  it('answers a body cut short of its Content-Length with a 4xx, not a 5xx', async () => {
    const answer = await raw(rawRequest('POST', '/webhooks/xero', [['Content-Length', '100']], '{"events":'));
    for (const status of answer.statuses) expect(status).toBeLessThan(500);
    await stillServing();
  });

  it('closes a connection whose headers do not arrive within the headers timeout', async () => {
    const answer = await raw('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', {
      halfClose: false,
      waitMs: 4_000,
    });
    expect(answer.timedOut).toBe(false);
    expect(answer.statuses.every((s) => s === 408)).toBe(true);
  });

  it('rate-limits each route: OAuth answers 429 with Retry-After past its budget', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${app.ingress.url}/oauth/nowhere/start`);
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Another route's budget is its own.
    await stillServing();
  });
});

describe('the ingress error handler', () => {
  let ingress: Ingress;
  let store: Store;
  const logged: Array<{ level: number; msg: string }> = [];

  beforeAll(async () => {
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => void logged.push(JSON.parse(line) as { level: number; msg: string }) },
    );
    store = await createTestStore('pglite');
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: {
        store,
        temporal: { address: 'test', namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (app) => {
          app.get('/bug', async () => {
            throw new Error('db password is hunter2');
          });
          // A vendor client's error that happens to carry a statusCode is still ours to fix.
          app.get('/vendor-404', async () => {
            throw Object.assign(new Error('GET https://api.vendor/x?token=abc: 404'), { statusCode: 404 });
          });
        },
      ],
    });
  });
  afterAll(async () => {
    await ingress.close();
    await store.close();
  });

  it('answers a bug with a bare 500 and logs it with its stack', async () => {
    for (const path of ['/bug', '/vendor-404']) {
      const res = await fetch(`${ingress.url}${path}`);
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: 'internal_error' });
    }
    const errors = logged.filter((l) => l.level >= 50);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatchObject({ msg: 'ingress handler failed', path: '/bug' });
  });
});
