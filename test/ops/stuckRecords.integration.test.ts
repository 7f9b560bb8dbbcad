import { xeroRecordSyncWorkflow } from '../../workflows';
import { retrySignal, skipSignal } from '../../workflows/humanWait';
import { xeroRecordChangedSignal } from '../../workflows/xero/xeroRecordSync';
import { storyQuery } from '../../workflows/story';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import {
  addFault,
  clearFaults,
  dispatchInvoice,
  invoicePicker,
  invoiceWorkflowId,
  listIds,
  untilState,
} from './opsHarness';

/**
 * A record whose sync fails after its retries waits for a person: visible in the Temporal UI
 * (SyncOutcome, story) and on the record in the CRM, alerted, and then retried or skipped by signal,
 * each decision audited. Faults come from the sandboxes' control API (400: not worth retrying).
 */
describe('stuck records wait for a human', () => {
  let env: ThreeSandboxes;
  let nextInvoice: ReturnType<typeof invoicePicker>;
  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7302, contacts: 4, invoices: 12 });
    nextInvoice = invoicePicker(env);
  });
  afterEach(async () => {
    await clearFaults(env.servers.hubspot.url);
    await clearFaults(env.servers.salesforce.url);
  });
  afterAll(() => env.close());

  const auditOf = (workflowId: string) =>
    env.store.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'actor', 'detail'])
      .where('workflow_id', '=', workflowId)
      .orderBy('occurred_at')
      .execute();
  const waitingQuery = () => `SyncOutcome = "waiting_for_human" AND TaskQueue = "${env.temporal.taskQueue}"`;

  it('shows the problem, alerts, and syncs once retried after the fault is gone', async () => {
    const invoice = nextInvoice();
    const workflowId = invoiceWorkflowId(env, invoice.id);
    // HubSpot refuses the deal; Salesforce takes it, so the problem shows on the opportunity.
    await addFault(env.servers.hubspot.url, {
      kind: 'error',
      status: 400,
      method: 'POST',
      pathPrefix: '/crm/v3/objects/deals',
    });
    await dispatchInvoice(env, invoice.id);
    const stuck = await untilState(env, invoice.id, (s) => s.step === 'waiting_for_human');
    expect(stuck.lastError).toMatch(/hubspot/);

    expect(await listIds(env.temporal.client, waitingQuery(), 1)).toContain(workflowId);
    const handle = env.temporal.client.workflow.getHandle(workflowId);
    expect(await handle.query(storyQuery)).toMatch(
      /Waiting for a person since .*Send the signal retry, or skip with a reason/,
    );

    const problems = async () =>
      (
        await env
          .sf()
          .query<{ Ledgerbridge_Sync_Problem__c: string | null }>(
            `SELECT Ledgerbridge_Sync_Problem__c FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`,
          )
      ).records.map((r) => r.Ledgerbridge_Sync_Problem__c);
    for (let i = 0; i < 100 && !(await problems())[0]; i++) await new Promise((r) => setTimeout(r, 50));
    expect((await problems())[0]).toMatch(/waiting for a person: .*hubspot.*Retry or skip it/);
    expect(env.temporal.alerts.map((a) => a.text).join('\n')).toContain(
      `waits for a retry or skip: ${workflowId}`,
    );

    await clearFaults(env.servers.hubspot.url);
    await handle.signal(retrySignal, { by: 'ops:alice' });
    const retried = await untilState(
      env,
      invoice.id,
      (s) => s.step === 'waiting' && s.lastOutcome === 'applied',
    );
    expect(retried.crmRecordIds).toHaveLength(2);
    const deals = await env.hs().crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'xero_invoice_id', operator: 'EQ' as never, value: invoice.id }] },
      ],
      limit: 5,
    });
    expect(deals.results).toHaveLength(1);
    expect(
      await listIds(env.temporal.client, `SyncOutcome = "synced" AND XeroRecordId = "${invoice.id}"`, 1),
    ).toEqual([workflowId]);
    expect((await auditOf(workflowId)).map((r) => `${r.action}/${r.outcome}/${r.actor}`)).toEqual(
      expect.arrayContaining(['sync_waiting_for_human/failed/worker', 'human_retry/succeeded/ops:alice']),
    );
  });

  it('after its retry budget is spent, is skipped with a reason by signal, audited, and shown on the HubSpot deal', async () => {
    const invoice = nextInvoice();
    const workflowId = invoiceWorkflowId(env, invoice.id);
    // Salesforce refuses the deal's writes (the composite ones once the account is linked, the
    // step-by-step upsert before); HubSpot's deal gets the problem.
    await addFault(env.servers.salesforce.url, {
      kind: 'error',
      status: 400,
      method: 'PATCH',
      pathPrefix: '/services/data/v62.0/sobjects/Opportunity/Xero_Invoice_ID__c',
    });
    await addFault(env.servers.salesforce.url, {
      kind: 'error',
      status: 400,
      method: 'POST',
      pathPrefix: '/services/data/v62.0/composite',
    });
    // A bare 400 is no Salesforce error code, so it is retried: here twice, then a person decides.
    await env.temporal.client.workflow.signalWithStart(xeroRecordSyncWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId,
      args: [{ tenantId: env.tenantId, category: 'INVOICE', resourceId: invoice.id, retryAttempts: 2 }],
      signal: xeroRecordChangedSignal,
      signalArgs: [{ eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'manual' }],
    });
    const stuck = await untilState(env, invoice.id, (s) => s.step === 'waiting_for_human');
    expect(stuck.attempts).toBe(1);
    const problem = async () => {
      const found = await env.hs().crm.deals.searchApi.doSearch({
        filterGroups: [
          { filters: [{ propertyName: 'xero_invoice_id', operator: 'EQ' as never, value: invoice.id }] },
        ],
        properties: ['ledgerbridge_sync_problem'],
        limit: 5,
      });
      return found.results[0]?.properties.ledgerbridge_sync_problem ?? '';
    };
    for (let i = 0; i < 100 && !(await problem()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await problem()).toMatch(/waiting for a person: .*salesforce/);

    const handle = env.temporal.client.workflow.getHandle(workflowId);
    // A skip without a reason is not a decision.
    await handle.signal(skipSignal, '  ');
    await handle.signal(skipSignal, { reason: 'invoice belongs to a test customer', by: 'ops:bob' });
    const skipped = await untilState(env, invoice.id, (s) => s.step === 'waiting' && s.waitingSince === null);
    expect(skipped.lastOutcome).toBe('skipped by ops:bob: invoice belongs to a test customer');
    expect(skipped.lastIgnoredSignal).toMatch(/without a reason/);
    expect(
      await listIds(env.temporal.client, `SyncOutcome = "skipped" AND XeroRecordId = "${invoice.id}"`, 1),
    ).toEqual([workflowId]);
    const rows = await auditOf(workflowId);
    expect(rows.find((r) => r.action === 'human_skip')).toMatchObject({
      outcome: 'skipped',
      actor: 'ops:bob',
      detail: { reason: 'invoice belongs to a test customer' },
    });
  });
});
