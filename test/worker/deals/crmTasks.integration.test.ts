import { sql } from 'kysely';
import { crmWonPollWorkflow } from '../../../workflows/crm/crmWonPoll';
import type { MappingSettingsInput } from '../../../workflows/domain/mappingSettings';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { SALESFORCE_API_VERSION } from '../../../worker/connectors/salesforce/salesforceApi';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';
import { dealFlows, HS_PORTAL, hubspotDeal, salesforceOpportunity, until } from './dealHarness';

const KEY_LINE = /\n\nLedgerbridge problem key: [0-9a-f]{32}$/;

/** Line descriptions long enough that the deal's problems run well past 1,000 characters. */
const longLines = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    description:
      `Phase ${i + 1}: ${'site survey, cabling, rack installation and commissioning; '.repeat(3)}`.slice(
        0,
        250,
      ),
    taxCode: `UNMAPPED-${i + 1}`,
  }));

/**
 * A problem task, and a payment-failure task, is made once per problem: a retried activity, the next
 * run and the won-deal poll find the open task by the problem key it carries, however long the text;
 * and the problem shown on the deal is not rewritten (which would make the poll pick the deal again).
 */
describe('CRM tasks are made once per problem', () => {
  let env: ThreeSandboxes;
  let settings: MappingSettingsInput = {};
  let flows: ReturnType<typeof dealFlows>;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 2929, contacts: 3, invoices: 6 },
      { settings: () => settings, xeroRateLimits: { perMinute: 600 } },
    );
    flows = dealFlows(env);
  });
  afterAll(() => env.close());

  const poll = (crm: 'salesforce' | 'hubspot') =>
    env.temporal.client.workflow.execute(crmWonPollWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `crm-won-poll:${crm}:test:${Date.now()}`,
      args: [{ crm, crmAccount: crm === 'salesforce' ? String(env.salesforce.store.orgId) : HS_PORTAL }],
    });

  it('Salesforce: a problem over 1,000 characters makes one Task across a retry, the next runs and the poll', async () => {
    expect(await poll('salesforce')).toEqual({ dispatched: 0 }); // the first look sets the cursor
    const sf = env.sf();
    const oppId = await salesforceOpportunity(env, 'Contoso data centre', {});
    for (const line of longLines(5))
      await sf.sobject('OpportunityLineItem').create({
        OpportunityId: oppId,
        Description: line.description,
        Quantity: 1,
        UnitPrice: 1_000,
        Tax_Code__c: line.taxCode,
      });
    await sf.sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    // The connection drops on the problem's field write once: the activity is retried after its Task.
    const dropped = env.salesforce.faults.add({
      kind: 'drop',
      method: 'PATCH',
      pathPrefix: `/services/data/v${SALESFORCE_API_VERSION}/sobjects/Opportunity/${oppId}`,
      count: 1,
    });
    await flows.notify('salesforce', oppId, 'callout');
    const first = await flows.stateWhen('salesforce', oppId, (s) => s.runs >= 1 && !s.busy);
    expect(first.lastOutcome).toBe('invalid');
    expect(env.salesforce.faults.list().find((f) => f.id === dropped.id)?.fired).toBe(1);

    const [opp] = (
      await sf.query<{ Ledgerbridge_Sync_Problem__c: string }>(
        `SELECT Ledgerbridge_Sync_Problem__c FROM Opportunity WHERE Id = '${oppId}'`,
      )
    ).records;
    const problem = opp!.Ledgerbridge_Sync_Problem__c;
    expect(problem.length).toBeGreaterThan(1_000);
    expect(problem).toContain('tax code UNMAPPED-5 has no Xero tax rate');
    const tasks = async () =>
      (
        await sf.query<{ Subject: string; Description: string }>(
          `SELECT Subject, Description FROM Task WHERE WhatId = '${oppId}'`,
        )
      ).records;
    expect(await tasks()).toEqual([
      expect.objectContaining({
        Subject: 'Not invoiced in Xero: Contoso data centre',
        Description: expect.stringMatching(KEY_LINE),
      }),
    ]);
    expect((await tasks())[0]!.Description.startsWith(problem)).toBe(true);

    // Our own field write moved SystemModstamp once: the poll picks the deal up that once, the run
    // writes nothing, and the next poll finds nothing.
    expect((await poll('salesforce')).dispatched).toBe(1);
    await flows.stateWhen('salesforce', oppId, (s) => s.runs >= 2 && !s.busy);
    expect(await poll('salesforce')).toEqual({ dispatched: 0 });
    await flows.notify('salesforce', oppId, 'retry');
    await flows.stateWhen('salesforce', oppId, (s) => s.runs >= 3 && !s.busy);
    expect(await tasks()).toHaveLength(1);
    expect(await poll('salesforce')).toEqual({ dispatched: 0 });
  }, 120_000);

  it('HubSpot: a problem over 1,000 characters makes one task across a retry, the next runs and the poll', async () => {
    expect(await poll('hubspot')).toEqual({ dispatched: 0 });
    const dealId = await hubspotDeal(
      env,
      'Contoso edge sites',
      { deal_currency_code: 'USD' },
      longLines(5).map((l) => ({
        name: l.description,
        quantity: '1',
        price: '1000',
        hs_tax_rate_group_id: l.taxCode,
      })),
    );
    await env.hs().crm.deals.basicApi.update(dealId, { properties: { dealstage: 'closedwon' } });
    const dropped = env.hubspot.faults.add({
      kind: 'drop',
      method: 'PATCH',
      pathPrefix: `/crm/v3/objects/deals/${dealId}`,
      count: 1,
    });
    await flows.notify('hubspot', dealId, 'webhook');
    const first = await flows.stateWhen('hubspot', dealId, (s) => s.runs >= 1 && !s.busy);
    expect(first.lastOutcome).toBe('invalid');
    expect(env.hubspot.faults.list().find((f) => f.id === dropped.id)?.fired).toBe(1);

    const deal = await env.hs().crm.deals.basicApi.getById(dealId, ['ledgerbridge_sync_problem']);
    const problem = deal.properties.ledgerbridge_sync_problem ?? '';
    expect(problem.length).toBeGreaterThan(1_000);
    const portal = env.hubspot.portal(Number(HS_PORTAL));
    const tasks = () =>
      [...portal.associated('deals', dealId, 'tasks').keys()].map(
        (id) => portal.find('tasks', id)?.properties,
      );
    expect(tasks()).toEqual([
      expect.objectContaining({
        hs_task_subject: 'Not invoiced in Xero: Contoso edge sites',
        hs_task_body: expect.stringMatching(KEY_LINE),
      }),
    ]);

    // The poll may pick the deal up once for our own property write; after that run, never again.
    await poll('hubspot');
    await flows.stateWhen('hubspot', dealId, (s) => !s.busy);
    expect(await poll('hubspot')).toEqual({ dispatched: 0 });
    await flows.notify('hubspot', dealId, 'retry');
    await flows.stateWhen('hubspot', dealId, (s) => s.runs >= 2 && !s.busy);
    expect(tasks()).toHaveLength(1);
    expect(await poll('hubspot')).toEqual({ dispatched: 0 });
  }, 120_000);

  it('a failed payment makes one task in each CRM though the sync is retried after making them', async () => {
    settings = { paymentFailureTaskThreshold: 1 };
    const invoice = env.xero.store
      .invoicesOf(env.tenantId)
      .find((i) => i.type === 'ACCREC' && i.status === 'AUTHORISED' && i.total - i.amountPaid > 200)!;
    const control = async (path: string, body: unknown = {}) => {
      const res = await fetch(`${env.servers.xero.url}/__sandbox${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { paymentId?: string };
    };
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoice.id),
    );
    const syncNow = async () => {
      const before = await handle.query(xeroRecordStateQuery).then(
        (s) => s.syncs,
        () => 0,
      );
      await env.dispatch([
        {
          tenantId: env.tenantId,
          category: 'INVOICE',
          resourceId: invoice.id,
          change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
        },
      ]);
      await until(async () => {
        const s = await handle.query(xeroRecordStateQuery);
        return s.syncs > before && s.step !== 'syncing' ? true : undefined;
      }, 'the sync');
    };
    await syncNow(); // the invoice reaches a deal in each CRM
    const { paymentId } = await control(`/invoices/${invoice.id}/pay`, { amount: 100 });
    await syncNow();

    // The store fails the first commit of the failed payment: the sync is retried after both tasks.
    await sql`create sequence test_payment_commit_tries`.execute(env.store.db);
    await sql
      .raw(
        `create function test_fail_payment_commit() returns trigger language plpgsql as $$
         begin
           if new.failed and not old.failed and nextval('test_payment_commit_tries') = 1 then
             raise exception 'injected: the store went away';
           end if;
           return new;
         end $$`,
      )
      .execute(env.store.db);
    await sql`create trigger test_fail_payment_commit before update on invoice_payments for each row execute function test_fail_payment_commit()`.execute(
      env.store.db,
    );
    await control(`/payments/${paymentId}/delete`);
    await syncNow();
    const { rows } = await sql<{
      tries: string;
    }>`select last_value as tries from test_payment_commit_tries`.execute(env.store.db);
    expect(Number(rows[0]?.tries)).toBeGreaterThanOrEqual(2);

    const subject = `Payment failed 1 times: invoice ${invoice.number}`;
    const [opp] = (
      await env
        .sf()
        .query<{ Id: string }>(`SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`)
    ).records;
    const sfTasks = await env
      .sf()
      .query<{ Subject: string }>(`SELECT Subject FROM Task WHERE WhatId = '${opp!.Id}'`);
    expect(sfTasks.records.map((t) => t.Subject)).toEqual([subject]);
    const portal = env.hubspot.portal(Number(HS_PORTAL));
    const hsDeal = portal.live('deals').find((d) => d.properties.xero_invoice_id === invoice.id)!;
    const hsTasks = [...portal.associated('deals', hsDeal.id, 'tasks').keys()].map(
      (id) => portal.find('tasks', id)?.properties.hs_task_subject,
    );
    expect(hsTasks).toEqual([subject]);
    await sql`drop trigger test_fail_payment_commit on invoice_payments`.execute(env.store.db);
    settings = {};
  }, 120_000);
});
