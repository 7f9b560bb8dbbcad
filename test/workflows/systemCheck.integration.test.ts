import { systemCheckWorkflow } from '../../workflows';
import type { Store } from '../../worker/store/store';
import { createTestStore } from '../support/stores';
import { createTestTemporal, testActivityDeps, type TestTemporal } from '../support/temporal';

describe('systemCheckWorkflow on the real dev server', () => {
  let store: Store;
  let temporal: TestTemporal;

  beforeAll(async () => {
    store = await createTestStore('pglite');
    temporal = await createTestTemporal(testActivityDeps(store));
  });
  afterAll(async () => {
    await temporal.close();
    await store.close();
  });

  it('runs through the worker and leaves an audit row naming its workflow', async () => {
    const workflowId = `system-check:test:${Date.now()}`;
    const result = await temporal.withWorker(() =>
      temporal.client.workflow.execute(systemCheckWorkflow, {
        taskQueue: temporal.taskQueue,
        workflowId,
        args: [{ reason: 'integration test' }],
      }),
    );
    expect(result.storeKind).toBe('pglite');
    expect(result.migrationVersion).toBeGreaterThanOrEqual(1);

    const audit = await store.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '=', result.auditId)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'system.check', outcome: 'succeeded', workflow_id: workflowId });
    expect(audit.detail).toEqual({
      reason: 'integration test',
      storeKind: 'pglite',
      migrationVersion: result.migrationVersion,
    });

    const history = await temporal.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = (history.events ?? []).filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled.map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name)).toEqual([
      'describeStore',
      'recordAudit',
    ]);
  });
});
