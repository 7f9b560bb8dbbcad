import { randomUUID } from 'node:crypto';
import { connectionRefreshWorkflow } from '../../../workflows';
import {
  reconnectedSignal,
  refreshStateQuery,
  type ConnectionRefreshState,
} from '../../../workflows/connections/connectionRefresh';
import type { ActivityDeps } from '../../../worker/activities';
import type { Store } from '../../../worker/store/store';
import { RotatingVendor } from '../../support/rotatingVendor';
import { createTestStore } from '../../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../../support/temporal';
import { runChain } from '../runChain';

/**
 * A connection that needs re-authorisation is looked at again every `reauthPollMs` until a person
 * reconnects it, for weeks if need be: the workflow continues as new at its history bound while
 * parked (the look-again loop used to skip the check), and the run a person reconnects answers.
 */
describe('connectionRefreshWorkflow parked in needs_reauth', () => {
  const MAX_EVENTS = 30;
  // One look (about 11 events) past the bound, plus the hand-over's own events.
  const RUN_BOUND = MAX_EVENTS + 15;
  let store: Store;
  let temporal: TestTemporal;
  let deps: ActivityDeps;
  // Tokens that live an hour: once reconnected, nothing is due for a while.
  const vendor = new RotatingVendor(3_600_000);
  beforeAll(async () => {
    store = await createTestStore('pglite');
    deps = testActivityDeps(store, { refresher: vendor });
    temporal = await createTestTemporal(deps);
  });
  afterAll(async () => {
    await temporal.close();
    await store.close();
  });

  const tokens = () => ({
    accessToken: 'access',
    refreshToken: 'refresh',
    expiresAt: Date.now() + 3_600_000,
  });

  it('keeps each run under the bound while parked, and resumes in the current run once reconnected', async () => {
    const tenantId = `tenant-${randomUUID()}`;
    const save = () =>
      deps.connections.save({
        vendor: 'xero',
        externalId: tenantId,
        displayName: 'Acme',
        scopes: [],
        tokens: tokens(),
      });
    const connection = await save();
    await deps.connections.setStatus(connection.id, 'needs_reauth', 'test: grant revoked');
    await temporal.withWorker(async () => {
      const handle = await temporal.client.workflow.start(connectionRefreshWorkflow, {
        taskQueue: temporal.taskQueue,
        workflowId: `connection:${connection.id}:refresh`,
        args: [{ connectionId: connection.id, reauthPollMs: 1, maxHistoryEvents: MAX_EVENTS }],
      });
      let runs = await runChain(temporal.client, handle.workflowId, handle.firstExecutionRunId);
      for (let i = 0; i < 400 && runs.length < 4; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        runs = await runChain(temporal.client, handle.workflowId, handle.firstExecutionRunId);
      }
      expect(runs.length).toBeGreaterThanOrEqual(4);
      for (const run of runs) expect(run.events).toBeLessThanOrEqual(RUN_BOUND);
      // A run just continued-as-new says 'unknown' until it has looked at the connection.
      let parked: ConnectionRefreshState | undefined;
      for (let i = 0; i < 200 && parked?.status !== 'needs_reauth'; i++) {
        parked = await handle.query(refreshStateQuery);
        if (parked.status !== 'needs_reauth') await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(parked?.status).toBe('needs_reauth');

      await save();
      await handle.signal(reconnectedSignal);
      let state: ConnectionRefreshState | undefined;
      for (let i = 0; i < 200 && state?.status !== 'active'; i++) {
        state = await handle.query(refreshStateQuery);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(state).toMatchObject({ status: 'active', nextRefreshAt: expect.any(Number) });
      await handle.terminate('test done');
    });
  });
});
