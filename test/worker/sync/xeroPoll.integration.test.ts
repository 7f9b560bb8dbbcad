import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../../sandbox/xero';
import { xeroPollWorkflow } from '../../../workflows';
import { XeroApi } from '../../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../../worker/connectors/xero/xeroEndpoints';
import { SharedPacer } from '../../../worker/pacing/sharedPacer';
import type { Store } from '../../../worker/store/store';
import { ensureXeroPollSchedule } from '../../../worker/sync/xeroPollSchedule';
import type { XeroRecordRef } from '../../../worker/webhooks/xeroEventDispatcher';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../../support/temporal';

const CLIENT = { clientId: 'poll-test', clientSecret: 'secret' };

/** The safety net under webhooks: a Schedule-started pull hands every changed record to its workflow. */
describe('Xero safety-net pull (If-Modified-Since)', () => {
  let emulator: XeroEmulator;
  let server: SandboxServer;
  let store: Store;
  let temporal: TestTemporal;
  let tenantId: string;
  const dispatched: XeroRecordRef[] = [];

  beforeAll(async () => {
    emulator = createXeroEmulator();
    ({ tenantId } = emulator.seedDataset({ seed: 7707, contacts: 5, invoices: 30, asOf: '2026-11-01' }));
    server = await startSandboxServer(emulator);
    emulator.identity.registerClient({ ...CLIENT, redirectUris: [] });
    store = await createTestStore('pglite');
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: server.url,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const pacer = new SharedPacer(store.db, () => ({
      limits: [{ name: 'm', limit: 600, periodMs: 60_000, burst: 50 }],
    }));
    const deps = testActivityDeps(store, {
      refresher: new XeroAuth(endpoints, CLIENT),
      xeroApi: (connectionId) =>
        new XeroApi({ endpoints, connections: deps.connections, refresh: deps.refresh, pacer, connectionId }),
      dispatchXeroChanges: async (changes) => {
        dispatched.push(...changes);
        return changes.map((c) => c.resourceId);
      },
    });
    const grant = emulator.identity.issueGrant(
      CLIENT.clientId,
      'offline_access accounting.invoices accounting.contacts',
    );
    await deps.connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Poll org',
      scopes: grant.scope.split(' '),
      tokens: {
        accessToken: grant.access_token,
        refreshToken: grant.refresh_token,
        expiresAt: Date.now() + 1_800_000,
      },
    });
    temporal = await createTestTemporal(deps);
  });
  afterAll(async () => {
    await temporal.close();
    await store.close();
    await server.close();
  });

  const pull = () =>
    temporal.client.workflow.execute(xeroPollWorkflow, {
      taskQueue: temporal.taskQueue,
      workflowId: `xero-poll-test:${tenantId}:${Date.now()}`,
      args: [{ tenantId }],
    });

  it('starts from now, then hands over exactly what changed since, invoices and contacts alike', async () => {
    await temporal.withWorker(async () => {
      // The first pull sets the cursor: the initial load is the backfill's job.
      expect(await pull()).toEqual({ invoices: 0, contacts: 0 });
      expect(dispatched).toHaveLength(0);

      await new Promise((r) => setTimeout(r, 5));
      const invoice = [...emulator.store.invoices.values()].find(
        (i) => i.tenantId === tenantId && i.status === 'AUTHORISED',
      )!;
      const res = await fetch(`${server.url}/__sandbox/invoices/${invoice.id}/pay`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ amount: 1 }),
      });
      expect(res.status).toBe(200);

      const counts = await pull();
      expect(counts.invoices).toBeGreaterThanOrEqual(1);
      expect(dispatched).toContainEqual(
        expect.objectContaining({
          tenantId,
          category: 'INVOICE',
          resourceId: invoice.id,
          change: expect.objectContaining({ source: 'poll' }),
        }),
      );
      // Nothing else in the organisation changed.
      expect(new Set(dispatched.map((d) => d.resourceId))).toEqual(new Set([invoice.id]));
    });
  });

  it('is a Temporal Schedule per organisation, created once', async () => {
    await ensureXeroPollSchedule(temporal.client, temporal.taskQueue, tenantId, 60_000);
    await ensureXeroPollSchedule(temporal.client, temporal.taskQueue, tenantId, 60_000);
    const schedule = await temporal.client.schedule.getHandle(`xero-poll:${tenantId}`).describe();
    expect(schedule.action).toMatchObject({ type: 'startWorkflow', workflowType: 'xeroPollWorkflow' });
    expect(schedule.spec.intervals?.[0]?.every).toBe(60_000);
    await temporal.client.schedule.getHandle(`xero-poll:${tenantId}`).delete();
  });
});
