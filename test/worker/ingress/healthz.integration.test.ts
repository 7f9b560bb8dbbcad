import pino from 'pino';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { createProbe } from '../../../worker/temporal/connection';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';
import { testEnv } from '../../support/testEnv';

const logger = pino({ level: 'silent' });

interface HealthBody {
  status: string;
  temporal: { ok: boolean; address: string; namespace: string; error?: string };
  store: { ok: boolean; kind: string; error?: string };
}

describe('GET /healthz', () => {
  let store: Store;
  let ingress: Ingress | undefined;
  const probes: Array<{ close(): Promise<void> }> = [];

  beforeEach(async () => {
    store = await createTestStore('pglite');
  });
  afterEach(async () => {
    await ingress?.close();
    ingress = undefined;
    await Promise.all(probes.splice(0).map((p) => p.close()));
    await store.close();
  });

  async function healthAgainst(address: string) {
    const probe = createProbe(address, 'default');
    probes.push(probe);
    ingress = await startIngress({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: { temporal: { address, namespace: 'default', probe: probe.probe }, store, timeoutMs: 1_000 },
    });
    return async () => {
      const res = await fetch(`${ingress?.url}/healthz`);
      return { status: res.status, body: (await res.json()) as HealthBody };
    };
  }

  it('answers 200 with both probes ok', async () => {
    const get = await healthAgainst(testEnv('temporalAddress'));
    const { status, body } = await get();
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'ok',
      temporal: { ok: true, namespace: 'default' },
      store: { ok: true, kind: 'pglite' },
    });
  });

  it('answers 503 naming Temporal when the server is unreachable', async () => {
    const deadAddress = `127.0.0.1:${await freePort()}`;
    const get = await healthAgainst(deadAddress);
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(body.status).toBe('unavailable');
    expect(body.temporal).toMatchObject({ ok: false, address: deadAddress });
    expect(body.temporal.error).toBeTruthy();
    expect(body.store.ok).toBe(true);
  });

  it('answers 503 naming the store when it is down', async () => {
    const get = await healthAgainst(testEnv('temporalAddress'));
    await store.close();
    const { status, body } = await get();
    expect(status).toBe(503);
    expect(body.store).toMatchObject({ ok: false, kind: 'pglite' });
    expect(body.store.error).toBeTruthy();
    expect(body.temporal.ok).toBe(true);
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    await healthAgainst(testEnv('temporalAddress'));
    expect((await fetch(`${ingress?.url}/nope`)).status).toBe(404);
    expect((await fetch(`${ingress?.url}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
