import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import type { Store } from '../../../worker/store/store';
import { freePort } from '../../support/ports';
import { createTestStore } from '../../support/stores';
import { testEnv } from '../../support/testEnv';

const logger = pino({ level: 'silent' });

async function getHealth(ingress: Ingress) {
  const res = await fetch(`${ingress.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, { ok: boolean; error?: string }> & { status: string } };
}

describe('GET /healthz', () => {
  let connection: Connection;
  let client: Client;
  let store: Store;

  beforeAll(async () => {
    connection = await Connection.connect({ address: testEnv('temporalAddress') });
    client = new Client({ connection });
  });
  beforeEach(async () => {
    store = await createTestStore('pglite');
  });
  afterEach(async () => store.close());
  afterAll(async () => connection.close());

  async function ingressWith(temporal: { client: Client; address: string }) {
    return startIngress({
      host: '127.0.0.1',
      port: 0,
      logger,
      health: { temporal: { ...temporal, namespace: 'default' }, store, timeoutMs: 1_000 },
    });
  }

  it('answers 200 with both probes ok', async () => {
    const ingress = await ingressWith({ client, address: testEnv('temporalAddress') });
    try {
      const { status, body } = await getHealth(ingress);
      expect(status).toBe(200);
      expect(body).toMatchObject({ status: 'ok', temporal: { ok: true, namespace: 'default' }, store: { ok: true, kind: 'pglite' } });
    } finally {
      await ingress.close();
    }
  });

  it('answers 503 naming Temporal when the server is unreachable', async () => {
    const deadAddress = `127.0.0.1:${await freePort()}`;
    const lazy = Connection.lazy({ address: deadAddress, connectTimeout: 500 });
    const ingress = await ingressWith({ client: new Client({ connection: lazy }), address: deadAddress });
    try {
      const { status, body } = await getHealth(ingress);
      expect(status).toBe(503);
      expect(body.status).toBe('unavailable');
      expect(body.temporal).toMatchObject({ ok: false, address: deadAddress });
      expect(body.temporal?.error).toBeTruthy();
      expect(body.store?.ok).toBe(true);
    } finally {
      await ingress.close();
      await lazy.close().catch(() => undefined);
    }
  });

  it('answers 503 naming the store when it is down', async () => {
    const ingress = await ingressWith({ client, address: testEnv('temporalAddress') });
    try {
      await store.close();
      const { status, body } = await getHealth(ingress);
      expect(status).toBe(503);
      expect(body.store).toMatchObject({ ok: false });
      expect(body.temporal?.ok).toBe(true);
    } finally {
      await ingress.close();
    }
  });

  it('answers 404 for unknown paths and 405 for wrong methods', async () => {
    const ingress = await ingressWith({ client, address: testEnv('temporalAddress') });
    try {
      expect((await fetch(`${ingress.url}/nope`)).status).toBe(404);
      expect((await fetch(`${ingress.url}/healthz`, { method: 'POST' })).status).toBe(405);
    } finally {
      await ingress.close();
    }
  });
});
