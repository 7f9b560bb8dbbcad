import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { SyncOutcome } from '../../workflows/searchAttributes';
import { runOps } from '../../worker/cli/ops';
import { ledgerbridgeDataConverter } from '../../worker/temporal/dataConverter';
import type { OpsContext } from '../../worker/cli/ops/opsContext';
import { OpsUsageError, parseOpsArgs } from '../../worker/cli/ops/parseOpsArgs';
import { csvField } from '../../worker/cli/ops/auditExport';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import {
  addFault,
  clearFaults,
  dispatchInvoice,
  invoicePicker,
  invoiceWorkflowId,
  untilState,
} from './opsHarness';

/** `npm run ops`: what an operator types, what they read back, and what it changes. */
describe('ops CLI', () => {
  let env: ThreeSandboxes;
  let output: string[];
  let ctx: OpsContext;
  const ops = async (...argv: string[]) => {
    output = [];
    await runOps(parseOpsArgs(argv), ctx);
    return output.join('');
  };

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7303, contacts: 4, invoices: 10 });
    ctx = {
      client: () => Promise.resolve(env.temporal.client),
      db: () => Promise.resolve(env.store.db),
      taskQueue: env.temporal.taskQueue,
      write: (text) => output.push(text),
    };
  });
  afterAll(() => env.close());

  it('lists a stuck record with why, retries it, and exports the audit trail as CSV', async () => {
    const invoice = invoicePicker(env)();
    const workflowId = invoiceWorkflowId(env, invoice.id);
    await addFault(env.servers.hubspot.url, {
      kind: 'error',
      status: 400,
      method: 'POST',
      pathPrefix: '/crm/v3/objects/deals',
    });
    const started = new Date(Date.now() - 1_000);
    await dispatchInvoice(env, invoice.id);
    await untilState(env, invoice.id, (s) => s.step === 'waiting_for_human');

    let failures = '';
    for (let i = 0; i < 50 && !failures.includes(workflowId); i++) {
      failures = await ops('failures');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(failures).toContain(`WAITING  ${workflowId}`);
    expect(failures).toMatch(/Waiting for a person since .*hubspot/);
    expect(failures).toContain(`npm run ops -- retry ${workflowId}`);

    const status = await ops('status');
    expect(status).toMatch(/xero\s+Xero org\s+\S+\s+active/);
    expect(status).toMatch(/xero_to_crm\s+\d+\s+[1-9]/);

    await clearFaults(env.servers.hubspot.url);
    expect(await ops('retry', workflowId)).toContain(`Asked ${workflowId} to retry (audited as ops-cli:`);
    await untilState(env, invoice.id, (s) => s.step === 'waiting' && s.lastOutcome === 'applied');

    const csv = (await ops('audit-export', '--since', started.toISOString())).trim().split('\n');
    expect(csv[0]).toBe('occurred_at,action,outcome,actor,workflow_id,run_id,subject,detail');
    const ofRecord = csv.filter((line) => line.includes(workflowId));
    expect(ofRecord.some((l) => l.includes(',sync_waiting_for_human,failed,worker,'))).toBe(true);
    expect(ofRecord.some((l) => /,human_retry,succeeded,ops-cli:/.test(l))).toBe(true);
    expect(ofRecord.some((l) => l.includes(',upsert_deal,succeeded,'))).toBe(true);
  });

  it('lists a waiting record whose payloads it cannot open (sealed with a key it does not hold)', async () => {
    // Another deployment's record on a shared namespace, or one sealed with a key since retired.
    const foreign = new Client({
      connection: env.temporal.client.connection,
      namespace: env.temporal.client.options.namespace,
      dataConverter: ledgerbridgeDataConverter([{ id: 'retired', key: Buffer.alloc(32, 9) }]),
    });
    const workflowId = `ops-foreign-key-${randomUUID()}`;
    // Started on a queue no worker polls: it stays running, waiting, as the query finds such records.
    const handle = await foreign.workflow.start('xeroRecordSyncWorkflow', {
      taskQueue: `nobody-${randomUUID()}`,
      workflowId,
      args: [],
      memo: { story: 'sealed with a retired key' },
      typedSearchAttributes: [{ key: SyncOutcome, value: 'waiting_for_human' }],
    });
    try {
      let failures = '';
      for (let i = 0; i < 50 && !failures.includes(workflowId); i++) {
        failures = await ops('failures');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(failures).toContain(`WAITING  ${workflowId}`);
      expect(failures).toContain(`npm run ops -- retry ${workflowId}`);
    } finally {
      await handle.terminate('test done');
    }
  });

  it('refuses bad arguments with what is wrong and the usage', () => {
    expect(() => parseOpsArgs(['skip', 'xero:t:invoice:i'])).toThrow(/skip needs --reason/);
    expect(() => parseOpsArgs(['audit-export', '--since', 'yesterday'])).toThrow(/--since must be a date/);
    expect(() => parseOpsArgs(['retry'])).toThrow(/retry needs a workflow ID/);
    expect(() => parseOpsArgs(['frobnicate'])).toThrow(OpsUsageError);
    expect(parseOpsArgs(['skip', 'w1', '--reason', 'duplicate invoice'])).toEqual({
      name: 'skip',
      workflowId: 'w1',
      reason: 'duplicate invoice',
    });
    expect(csvField('a "quoted", value')).toBe('"a ""quoted"", value"');
  });
});
