import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { createTestDatabase } from '../../support/stores';
import { testEnv } from '../../support/testEnv';
import { KEYRING, startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * A worker killed (SIGKILL, in its own process) in the middle of writing an invoice to Salesforce:
 * Temporal gives the activity to the next worker, which finishes the sync with one record per CRM.
 */
describe('a worker killed mid-flow', () => {
  let env: ThreeSandboxes;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 7171, contacts: 4, invoices: 20 },
      { databaseUrl: await createTestDatabase(), runWorker: false },
    );
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await env.close();
  });

  function startChildWorker(): Promise<ChildProcess> {
    const proc = spawn(
      process.execPath,
      // tsx as a loader, not its CLI: the CLI runs the script in a grandchild a kill would miss.
      ['--import', 'tsx', path.join(__dirname, '../../support/workerProcess.ts')],
      {
        env: {
          ...process.env,
          WP_DATABASE_URL: String(env.databaseUrl),
          WP_KEYRING: KEYRING,
          WP_XERO_URL: env.servers.xero.url,
          WP_SALESFORCE_URL: env.servers.salesforce.url,
          WP_HUBSPOT_URL: env.servers.hubspot.url,
          WP_TEMPORAL_ADDRESS: testEnv('temporalAddress'),
          WP_TASK_QUEUE: env.temporal.taskQueue,
          WP_WORKFLOW_BUNDLE: testEnv('workflowBundle'),
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    return new Promise((resolve, reject) => {
      proc.once('exit', (code) => reject(new Error(`worker process exited with ${code}`)));
      proc.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve(proc);
      });
    });
  }

  it('completes the sync on another worker after the first is killed during the CRM write', async () => {
    const invoice = [...env.xero.store.invoices.values()].find(
      (i) => i.tenantId === env.tenantId && i.type === 'ACCREC' && i.status === 'AUTHORISED',
    )!;
    child = await startChildWorker();
    // Salesforce's first data call hangs for 20 s: the sync is mid-activity when the worker dies.
    const slow = env.salesforce.faults.add({
      kind: 'latency',
      latencyMs: 20_000,
      count: 1,
      pathPrefix: '/services/data',
    });
    const change = {
      eventType: 'UPDATE' as const,
      eventDateUtc: new Date().toISOString(),
      source: 'webhook' as const,
    };
    await env.dispatch([{ tenantId: env.tenantId, category: 'INVOICE', resourceId: invoice.id, change }]);
    for (let i = 0; i < 400 && slow.fired === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(slow.fired).toBe(1);
    child.kill('SIGKILL');
    await new Promise((r) => child?.once('exit', r));

    // A new worker takes over: the killed worker's workflow task times out, and the new worker runs
    // the sync's local activities again.
    const running = env.temporal.worker.run();
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoice.id),
    );
    for (let i = 0; i < 180 && (await handle.query(xeroRecordStateQuery)).syncs === 0; i++)
      await new Promise((r) => setTimeout(r, 500));
    expect(await handle.query(xeroRecordStateQuery)).toMatchObject({ syncs: 1, lastError: null });
    const opportunities = await env
      .sf()
      .query(`SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`);
    expect(opportunities.totalSize).toBe(1);
    const deals = await env.hs().crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'xero_invoice_id', operator: 'EQ' as never, value: invoice.id }] },
      ],
      limit: 10,
    });
    expect(deals.total).toBe(1);
    // The write ran twice: once on the killed worker, then (after its task timed out) on the other.
    const events = (await handle.fetchHistory()).events ?? [];
    const timedOut = events.findIndex((e) => e.workflowTaskTimedOutEventAttributes);
    expect(timedOut).toBeGreaterThan(-1);
    const after = events.slice(timedOut);
    const localActivities = after.filter(
      (e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    );
    expect(localActivities.length).toBeGreaterThanOrEqual(1);
    const completedBy = after.find((e) => e.workflowTaskCompletedEventAttributes)
      ?.workflowTaskCompletedEventAttributes?.identity;
    expect(completedBy).toBeTruthy();
    expect(completedBy).not.toBe(`${child.pid}@${os.hostname()}`);
    env.temporal.worker.shutdown();
    await running;
  }, 150_000);
});
