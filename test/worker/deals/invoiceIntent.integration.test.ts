import { sql } from 'kysely';
import type { MappingSettingsInput } from '../../../workflows/domain/mappingSettings';
import { retrySignal } from '../../../workflows/humanWait';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { XERO_CLIENT } from '../../support/syncDeps';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';
import {
  dealFlows,
  hubspotDeal,
  intentOf,
  invoicesOfIntent,
  salesforceOpportunity,
  until,
} from './dealHarness';

/** Xero keeps an Idempotency-Key for minutes: past this, only the intent's tag can find an invoice. */
const PAST_THE_IDEMPOTENCY_WINDOW_MS = 10 * 60_000;

/**
 * No double invoice, ever: the deal's invoice intent is recorded before Xero is asked, looked up on
 * every run and found again in Xero by the tag in the invoice's Reference, so a write-back that
 * fails, a deal that changes meanwhile, an Idempotency-Key Xero has forgotten or a worker that dies
 * between Xero's answer and the store all end with one invoice.
 */
describe('a deal makes one Xero invoice, whatever fails after Xero made it', () => {
  let env: ThreeSandboxes;
  let settings: MappingSettingsInput = {};
  let flows: ReturnType<typeof dealFlows>;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 1717, contacts: 3, invoices: 2 },
      { settings: () => settings, xeroRateLimits: { perMinute: 600 } },
    );
    flows = dealFlows(env);
  });
  afterAll(() => env.close());

  const opportunity = async (oppId: string) =>
    (
      await env.sf().query<{
        Xero_Invoice_ID__c: string | null;
        Ledgerbridge_Sync_Problem__c: string | null;
      }>(`SELECT Xero_Invoice_ID__c, Ledgerbridge_Sync_Problem__c FROM Opportunity WHERE Id = '${oppId}'`)
    ).records[0];

  it('Salesforce: a validation rule blocks the write-back; renamed and retried after the fix, still one invoice', async () => {
    let ruleActive = true;
    env.salesforce.addValidationRule({
      sobject: 'Opportunity',
      when: (record) =>
        ruleActive && record.Xero_Invoice_ID__c !== null && record.Xero_Invoice_ID__c !== undefined,
      message: 'Only finance may link an invoice to an opportunity.',
      errorDisplayField: 'Xero_Invoice_ID__c',
    });
    const oppId = await salesforceOpportunity(env, 'Wingtip fit-out', { Amount: 4_200 });
    await env.sf().sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    await flows.notify('salesforce', oppId, 'callout');

    const stuck = await flows.stateWhen('salesforce', oppId, (s) => s.waitingSince !== null);
    expect(stuck.step).toBe('writing the invoice back on the deal');
    expect(stuck.lastError).toContain('FIELD_CUSTOM_VALIDATION_EXCEPTION');
    const { intent_id: intentId, xero_invoice_id: linked } = await intentOf(env, oppId);
    expect(invoicesOfIntent(env, intentId)).toHaveLength(1);
    expect(linked).toBe(invoicesOfIntent(env, intentId)[0]!.id);
    expect((await opportunity(oppId))?.Xero_Invoice_ID__c).toBeNull();

    // While it waits: the deal changes (a new version), notices come again, Xero forgets the key.
    await env.sf().sobject('Opportunity').update({ Id: oppId, Name: 'Wingtip fit-out (signed)' });
    await flows.notify('salesforce', oppId, 'poll');
    env.xero.clock.advance(PAST_THE_IDEMPOTENCY_WINDOW_MS);

    // The admin fixes the rule and retries.
    ruleActive = false;
    await flows.handle('salesforce', oppId).signal(retrySignal, { by: 'ops:dana' });
    const done = await flows.stateWhen('salesforce', oppId, (s) => s.waitingSince === null && !s.busy);
    expect(done.lastOutcome).toBe('unchanged');
    const invoices = invoicesOfIntent(env, intentId);
    expect(invoices).toHaveLength(1);
    expect(await opportunity(oppId)).toMatchObject({
      Xero_Invoice_ID__c: invoices[0]!.id,
      Ledgerbridge_Sync_Problem__c: null,
    });
    const contactInvoices = [...env.xero.store.invoices.values()].filter(
      (i) => i.contactId === invoices[0]!.contactId,
    );
    expect(contactInvoices).toHaveLength(1);
  }, 120_000);

  it('HubSpot: a refused write-back; amended while waiting and retried, the one draft is updated', async () => {
    settings = { createInvoiceAs: 'DRAFT' };
    const dealId = await hubspotDeal(env, 'Proseware rollout', {
      amount: '2000',
      deal_currency_code: 'USD',
      dealstage: 'closedwon',
    });
    // HubSpot refuses every change to the deal (a property validation rule, say) until fixed.
    env.hubspot.faults.add({
      kind: 'error',
      status: 400,
      method: 'PATCH',
      pathPrefix: `/crm/v3/objects/deals/${dealId}`,
    });
    await flows.notify('hubspot', dealId, 'webhook');
    const stuck = await flows.stateWhen('hubspot', dealId, (s) => s.waitingSince !== null);
    expect(stuck.step).toBe('writing the invoice back on the deal');
    const { intent_id: intentId } = await intentOf(env, dealId);
    expect(invoicesOfIntent(env, intentId).map((i) => [i.status, i.subTotal])).toEqual([['DRAFT', 2000]]);

    // A person raises the amount in HubSpot while the deal waits; Xero forgets the key.
    const edit = await fetch(`${env.servers.hubspot.url}/__sandbox/objects/deals/${dealId}/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ properties: { amount: '2600' } }),
    });
    expect(edit.status).toBe(200);
    await flows.notify('hubspot', dealId, 'webhook');
    env.xero.clock.advance(PAST_THE_IDEMPOTENCY_WINDOW_MS);

    env.hubspot.faults.clear();
    await flows.handle('hubspot', dealId).signal(retrySignal, { by: 'ops:erin' });
    const done = await flows.stateWhen('hubspot', dealId, (s) => s.waitingSince === null && !s.busy);
    expect(done.lastOutcome).toBe('draft_updated');
    const invoices = invoicesOfIntent(env, intentId);
    expect(invoices.map((i) => [i.status, i.subTotal])).toEqual([['DRAFT', 2600]]);
    const deal = await env.hs().crm.deals.basicApi.getById(dealId, ['xero_invoice_id']);
    expect(deal.properties.xero_invoice_id).toBe(invoices[0]!.id);
    settings = {};
  }, 120_000);

  it('a reissue stopped after its credit note carries on when retried: one credit, one new invoice', async () => {
    settings = { amendmentPolicy: 'update_draft_else_credit_note' };
    const dealId = await hubspotDeal(env, 'Tailwind licences', {
      amount: '1000',
      deal_currency_code: 'USD',
      dealstage: 'closedwon',
    });
    await flows.notify('hubspot', dealId, 'webhook');
    const first = await flows.stateWhen('hubspot', dealId, (s) => s.runs >= 1 && !s.busy);
    expect(first.lastOutcome).toBe('invoiced');
    const replaced = first.xeroInvoiceId!;

    // Amended: the old invoice is credited, then Xero refuses the new one once.
    env.xero.faults.add({
      kind: 'error',
      status: 400,
      method: 'PUT',
      pathPrefix: '/api.xro/2.0/Invoices',
      count: 1,
    });
    await env.hs().crm.deals.basicApi.update(dealId, { properties: { amount: '1100' } });
    await flows.notify('hubspot', dealId, 'webhook');
    const stuck = await flows.stateWhen('hubspot', dealId, (s) => s.waitingSince !== null);
    expect(stuck.step).toBe('creating the reissued Xero invoice');
    expect(await intentOf(env, dealId)).toMatchObject({
      generation: 2,
      xero_invoice_id: null,
      replaces_invoice_id: replaced,
    });
    expect(env.xero.store.invoices.get(replaced)).toMatchObject({ status: 'PAID' });

    env.xero.clock.advance(PAST_THE_IDEMPOTENCY_WINDOW_MS);
    await flows.handle('hubspot', dealId).signal(retrySignal, { by: 'ops:fay' });
    const done = await flows.stateWhen('hubspot', dealId, (s) => s.waitingSince === null && !s.busy);
    expect(done.lastOutcome).toBe('credited_and_reissued');
    const { intent_id: intentId, xero_invoice_id: reissued } = await intentOf(env, dealId);
    expect(reissued).not.toBe(replaced);
    expect(
      invoicesOfIntent(env, intentId)
        .map((i) => [i.id === replaced ? 'replaced' : 'reissued', i.status, i.subTotal])
        .sort(),
    ).toEqual([
      ['reissued', 'AUTHORISED', 1100],
      ['replaced', 'PAID', 1000],
    ]);
    const credits = [...env.xero.store.creditNotes.values()].filter((n) =>
      n.allocations.some((a) => a.invoiceId === replaced),
    );
    expect(credits).toHaveLength(1);
    const deal = await env.hs().crm.deals.basicApi.getById(dealId, ['xero_invoice_id']);
    expect(deal.properties.xero_invoice_id).toBe(reissued);
    settings = {};
  }, 120_000);

  it('the worker loses the link after Xero made the invoice: the retry finds it by its tag, not a second one', async () => {
    // A fault in the store: writing this deal's link fails until released, as a worker that dies
    // between Xero's answer and the store would leave it. A sequence counts the failures (it is not
    // rolled back with them).
    await sql`create table test_link_faults (deal_id text primary key)`.execute(env.store.db);
    await sql`create sequence test_link_fault_hits`.execute(env.store.db);
    await sql
      .raw(
        `create function test_fail_link() returns trigger language plpgsql as $$
         begin
           if new.xero_invoice_id is not null
              and exists (select 1 from test_link_faults where deal_id = new.deal_id) then
             perform nextval('test_link_fault_hits');
             raise exception 'injected: the link was never stored';
           end if;
           return new;
         end $$`,
      )
      .execute(env.store.db);
    await sql`create trigger test_fail_link before update on deal_invoices for each row execute function test_fail_link()`.execute(
      env.store.db,
    );
    const oppId = await salesforceOpportunity(env, 'Lamna warehouse', {
      Amount: 990,
      StageName: 'Closed Won',
    });
    await sql`insert into test_link_faults (deal_id) values (${oppId})`.execute(env.store.db);
    await flows.notify('salesforce', oppId, 'callout');

    const { intent_id: intentId } = await until(
      async () =>
        (await env.store.db
          .selectFrom('deal_invoices')
          .selectAll()
          .where('deal_id', '=', oppId)
          .executeTakeFirst()) ?? undefined,
      'the intent',
    );
    const [made] = await until(
      async () => (invoicesOfIntent(env, intentId).length > 0 ? invoicesOfIntent(env, intentId) : undefined),
      'the invoice',
    );
    env.xero.clock.advance(PAST_THE_IDEMPOTENCY_WINDOW_MS);
    // Xero's notice of the invoice comes while the link is missing: the Xero-to-CRM sync finds the
    // opportunity it was made from by the tag, rather than making a second one for it.
    await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: made!.id,
        change: { eventType: 'CREATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    const record = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', made!.id),
    );
    await until(async () => {
      const synced = await record.query(xeroRecordStateQuery).catch(() => undefined);
      return synced && synced.syncs >= 1 ? true : undefined;
    }, 'the Xero-to-CRM sync');
    const carrying = await env
      .sf()
      .query<{ Id: string }>(`SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c = '${made!.id}'`);
    expect(carrying.records.map((r) => r.Id)).toEqual([oppId]);
    // Retried at least once more with the link still failing, then the store comes back.
    await until(async () => {
      const { rows } = await sql<{
        hits: string;
      }>`select case when is_called then last_value else 0 end as hits from test_link_fault_hits`.execute(
        env.store.db,
      );
      return Number(rows[0]?.hits ?? 0) >= 2 ? true : undefined;
    }, 'a retried link');
    await sql`delete from test_link_faults`.execute(env.store.db);

    const done = await flows.stateWhen('salesforce', oppId, (s) => s.runs >= 1 && !s.busy);
    expect(done.lastOutcome).toBe('invoiced');
    const invoiceId = (await opportunity(oppId))?.Xero_Invoice_ID__c;
    expect(invoicesOfIntent(env, intentId).map((i) => i.id)).toEqual([invoiceId]);
    expect((await intentOf(env, oppId)).xero_invoice_id).toBe(invoiceId);
    const audit = await env.store.db
      .selectFrom('audit_log')
      .select('action')
      .where('workflow_id', '=', flows.handle('salesforce', oppId).workflowId)
      .execute();
    expect(audit.filter((a) => a.action === 'create_xero_invoice')).toHaveLength(0);
    expect(audit.filter((a) => a.action === 'find_xero_invoice_of_intent')).toHaveLength(1);
    await sql`drop trigger test_fail_link on deal_invoices`.execute(env.store.db);
  }, 120_000);

  it('an intent left without its invoice is resolved from Xero at the start of the next run', async () => {
    // What a worker that died after Xero made the invoice, and never ran again for the deal, leaves:
    // the intent stored, the tagged invoice in Xero, no link.
    const contact = [...env.xero.store.contacts.values()].find((c) => c.tenantId === env.tenantId)!;
    const name = 'Fourth Coffee beans';
    const oppId = await salesforceOpportunity(
      env,
      name,
      { Amount: 640 },
      {
        Name: contact.name,
        Xero_Contact_ID__c: contact.id,
      },
    );
    const intentId = `ORPHAN${String(Date.now() % 1_000_000).padStart(6, '0')}`;
    await env.store.db
      .insertInto('deal_invoices')
      .values({
        crm: 'salesforce',
        crm_account: String(env.salesforce.store.orgId),
        deal_id: oppId,
        xero_tenant_id: env.tenantId,
        xero_invoice_id: null,
        idempotency_key: null,
        intent_id: intentId,
      })
      .execute();
    const grant = env.xero.identity.issueGrant(XERO_CLIENT.clientId, 'accounting.transactions');
    const made = await fetch(`${env.servers.xero.url}/api.xro/2.0/Invoices`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${grant.access_token}`,
        'xero-tenant-id': env.tenantId,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        Invoices: [
          {
            Type: 'ACCREC',
            Contact: { ContactID: contact.id },
            Date: '2026-11-18',
            DueDate: '2026-12-18',
            Reference: `${name} [LB-${intentId}-1]`,
            Status: 'AUTHORISED',
            LineAmountTypes: 'Exclusive',
            LineItems: [{ Description: name, Quantity: 1, UnitAmount: 640, AccountCode: '200' }],
          },
        ],
      }),
    });
    expect(made.status).toBe(200);
    const [orphan] = invoicesOfIntent(env, intentId);

    await env.sf().sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    await flows.notify('salesforce', oppId, 'callout');
    const done = await flows.stateWhen('salesforce', oppId, (s) => s.runs >= 1 && !s.busy);
    expect(done.lastOutcome).toBe('unchanged');
    expect((await opportunity(oppId))?.Xero_Invoice_ID__c).toBe(orphan!.id);
    expect(invoicesOfIntent(env, intentId)).toHaveLength(1);
    expect([...env.xero.store.invoices.values()].filter((i) => i.reference?.startsWith(name))).toHaveLength(
      1,
    );
  }, 120_000);
});
