import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createAuditSheetActivities } from '../../../worker/auditSheet/auditSheetActivities';
import { auditSheetDrainWorkflow } from '../../../workflows/auditSheet/auditSheetDrain';
import { auditSheetWorkflowId } from '../../../workflows/auditSheet/auditSheetIds';
import { installQuietRuntime, testDataConverter } from '../../support/temporal';
import { testEnv } from '../../support/testEnv';
import { invoiceWriteRow, startAuditSheetHarness, type AuditSheetHarness } from './auditSheetHarness';

jest.setTimeout(180_000);

describe('audit sheet drain under a 429 storm (Temporal dev server, sandbox Sheets through the SDK)', () => {
  let h: AuditSheetHarness;
  afterEach(async () => h.close());

  it('ends with the sheet holding every qualifying audit row once: 0 missing, 0 duplicated', async () => {
    // Four writes a "minute" of 3 seconds, so the quota refuses often; plus injected 429s (with
    // Retry-After), lost answers after the write, and 503s.
    h = await startAuditSheetHarness({ quota: { readsPerMinute: 20, writesPerMinute: 4, scale: 0.05 } });
    const appendPath = `/v4/spreadsheets/${h.spreadsheetId}/values/`;
    h.emulator.faults.add({
      kind: 'rate_limit',
      method: 'POST',
      pathPrefix: appendPath,
      rate: 0.5,
      retryAfterSeconds: 1,
    });
    h.emulator.faults.add({
      kind: 'drop',
      method: 'POST',
      pathPrefix: appendPath,
      afterHandler: true,
      count: 3,
    });
    h.emulator.faults.add({ kind: 'error', method: 'POST', pathPrefix: appendPath, status: 503, count: 2 });

    installQuietRuntime();
    const address = testEnv('temporalAddress');
    const connection = await Connection.connect({ address });
    const nativeConnection = await NativeConnection.connect({ address });
    const client = new Client({ connection, namespace: 'default', dataConverter: testDataConverter() });
    const taskQueue = `test-${randomUUID()}`;
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace: 'default',
      taskQueue,
      activities: createAuditSheetActivities(h.deps),
      workflowBundle: { codePath: testEnv('workflowBundle') },
      dataConverter: testDataConverter(),
    });
    const wanted: string[] = [];
    try {
      await worker.runUntil(async () => {
        const handle = await client.workflow.start(auditSheetDrainWorkflow, {
          taskQueue,
          workflowId: `${auditSheetWorkflowId(h.installationId)}:${randomUUID()}`,
          args: [
            {
              installationId: h.installationId,
              batchSize: 10,
              timing: { minIntervalMs: 200, backoffBaseMs: 200, backoffMaxMs: 1_000, idlePollMs: 200 },
            },
          ],
        });
        // Rows arrive while the drain runs, in bursts, with others that do not qualify among them.
        for (let burst = 0; burst < 6; burst++) {
          const rows = await Promise.all(
            Array.from({ length: 40 }, (_, i) => h.deps.audit.record(invoiceWriteRow(h, burst * 100 + i))),
          );
          wanted.push(...rows);
          await h.deps.audit.record({ ...invoiceWriteRow(h, burst), outcome: 'failed' });
          await new Promise((resolve) => setTimeout(resolve, 500));
        }
        const deadline = Date.now() + 150_000;
        while ((await h.deps.outbox.countPending(h.installationId)) > 0 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 250));
        await handle.terminate('test done');
      });
    } finally {
      await connection.close();
      await nativeConnection.close();
    }

    const column = h.columnA();
    const missing = wanted.filter((id) => !column.includes(id));
    const duplicated = column.length - new Set(column).size;
    const refused = h.server.requests().filter((r) => r.status === 429).length;
    expect({
      rows: column.length,
      missing: missing.length,
      duplicated,
      extra: column.filter((id) => !wanted.includes(id)),
    }).toEqual({
      rows: wanted.length,
      missing: 0,
      duplicated: 0,
      extra: [],
    });
    expect(refused).toBeGreaterThanOrEqual(10);
    // Each lost answer made the next step read column A before sending again.
    expect(h.server.requests().filter((r) => r.method === 'GET').length).toBeGreaterThanOrEqual(3);
  });
});
