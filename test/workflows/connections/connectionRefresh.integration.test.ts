import { randomBytes } from 'node:crypto';
import { connectionRefreshWorkflow } from '../../../workflows';
import { reconnectedSignal, refreshStateQuery } from '../../../workflows/connections/connectionRefresh';
import type { ActivityDeps } from '../../../worker/activities';
import { InvalidGrantError } from '../../../worker/connections/tokenRefresher';
import type { Store } from '../../../worker/store/store';
import { historyText } from '../../support/history';
import { RotatingVendor } from '../../support/rotatingVendor';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../../support/temporal';

async function eventually<T>(
  fn: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met in time; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe('connectionRefreshWorkflow on the real dev server', () => {
  let store: Store;
  let temporal: TestTemporal;
  let deps: ActivityDeps;
  // Tokens live 3 s and are refreshed 2 s early: a "30-minute" cycle every second.
  const vendor = new RotatingVendor(3_000);

  beforeAll(async () => {
    store = await createTestStore('pglite');
    deps = testActivityDeps(store, { refresher: vendor, marginMs: 2_000 });
    temporal = await createTestTemporal(deps);
  });
  afterAll(async () => {
    await temporal.close();
    await store.close();
  });

  it('refreshes ahead of expiry, parks on a revoked grant, resumes after reconnect, and keeps tokens out of history', async () => {
    const connection = await deps.connections.save({
      vendor: 'xero',
      externalId: `tenant-${randomBytes(4).toString('hex')}`,
      displayName: 'Acme',
      scopes: ['offline_access'],
      tokens: vendor.issue(),
    });
    const workflowId = `connection:${connection.id}:refresh`;
    await temporal.withWorker(async () => {
      const handle = await temporal.client.workflow.start(connectionRefreshWorkflow, {
        taskQueue: temporal.taskQueue,
        workflowId,
        args: [{ connectionId: connection.id, marginMs: 2_000, reauthPollMs: 60_000 }],
      });
      await eventually(
        () => handle.query(refreshStateQuery),
        (s) => s.refreshes >= 3,
      );
      expect(new Set(vendor.presented).size).toBe(vendor.presented.length);

      vendor.failNext = new InvalidGrantError('invalid_grant');
      const parked = await eventually(
        () => handle.query(refreshStateQuery),
        (s) => s.status === 'needs_reauth',
      );
      expect(parked.lastOutcome).toBe('needs_reauth');
      const callsWhileParked = vendor.calls;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(vendor.calls).toBe(callsWhileParked);
      expect((await deps.connections.get(connection.id))?.status).toBe('needs_reauth');

      await deps.connections.save({
        vendor: 'xero',
        externalId: connection.externalId,
        displayName: 'Acme',
        scopes: ['offline_access'],
        tokens: vendor.issue(),
      });
      await handle.signal(reconnectedSignal);
      const resumed = await eventually(
        () => handle.query(refreshStateQuery),
        (s) => s.status === 'active' && s.refreshes > parked.refreshes,
      );
      expect(resumed.refreshes).toBeGreaterThan(parked.refreshes);
      await handle.terminate('test done');
    });

    const history = await historyText(temporal.client.workflow.getHandle(workflowId));
    expect(history).toContain(connection.id); // the scan does see decoded payloads
    const { tokens } = await deps.connections.readTokens(connection.id);
    for (const secret of [tokens.accessToken, tokens.refreshToken, ...vendor.presented]) {
      expect(history).not.toContain(secret as string);
    }
  });
});
