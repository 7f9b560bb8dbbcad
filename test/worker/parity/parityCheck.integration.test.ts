import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { parityCheckWorkflow, xeroBackfillWorkflow } from '../../../workflows';
import type { ParityCheckProgress } from '../../../workflows/parity/parityCheck';
import { dealToXeroStateQuery } from '../../../workflows/crm/dealToXero';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import { AuditLog } from '../../../worker/audit/auditLog';
import { ParityStore } from '../../../worker/parity/parityStore';
import { repairFindings } from '../../../worker/parity/repairFindings';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * Parity end to end: both CRMs loaded by the backfill agree with Xero (no finding invented), then
 * discrepancies of every kind are planted through the CRMs' APIs, and each is found, near-misses
 * (rounding, a timezone-shifted date) are not, and a repair through the normal sync clears its
 * finding on the next run.
 */
describe('parity check', () => {
  let env: ThreeSandboxes;
  let parity: ParityStore;
  let sfConnectionId: string;
  let hsConnectionId: string;
  let zohoConnectionId: string;
  let runs = 0;
  /** Findings the Salesforce seed brings with it (see the first test). */
  let seeded: string[] = [];

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 4242, contacts: 8, invoices: 40 }, { zoho: true });
    parity = new ParityStore(env.store.db);
    const all = await env.connections.list();
    sfConnectionId = all.find((c) => c.vendor === 'salesforce')!.id;
    hsConnectionId = all.find((c) => c.vendor === 'hubspot')!.id;
    zohoConnectionId = all.find((c) => c.vendor === 'zoho')!.id;
    await env.temporal.client.workflow.execute(xeroBackfillWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `xero-backfill:${env.tenantId}:parity`,
      args: [{ tenantId: env.tenantId }],
    });
  }, 60_000);
  afterAll(() => env.close());

  const check = (crmConnectionId: string): Promise<ParityCheckProgress> =>
    env.temporal.client.workflow.execute(parityCheckWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `parity:${env.tenantId}:${crmConnectionId}:test-${++runs}`,
      args: [{ xeroTenantId: env.tenantId, crmConnectionId, trigger: 'manual' }],
    });
  const found = async (runId: string) =>
    (await parity.findings(runId))
      .map((f) => `${f.kind}:${f.entity}:${f.field ?? ''}:${f.xero_id ?? ''}:${f.crm_id ?? ''}`)
      .sort();

  const sfOpportunities = async () =>
    (
      await env.sf().query<{
        Id: string;
        Amount: number;
        Xero_Invoice_ID__c: string;
        Xero_Amount_Due__c: number;
        AccountId: string | null;
      }>('SELECT Id, Amount, Xero_Invoice_ID__c, Xero_Amount_Due__c, AccountId FROM Opportunity WHERE Xero_Invoice_ID__c != null ORDER BY Xero_Invoice_ID__c')
    ).records;
  const hsDeals = async () =>
    (
      await env
        .hs()
        .crm.deals.basicApi.getPage(
          100,
          undefined,
          [
            'dealname',
            'xero_invoice_id',
            'xero_invoice_status',
            'closedate',
            'deal_currency_code',
            'amount',
            'dealstage',
            'xero_amount_due',
            'xero_amount_paid',
          ],
          undefined,
          ['companies'],
        )
    ).results
      .filter((d) => d.properties.xero_invoice_id)
      .sort((a, b) => a.properties.xero_invoice_id!.localeCompare(b.properties.xero_invoice_id!));

  it('finds nothing the backfill made agree; only the link the Salesforce org already had wrong', async () => {
    // The Salesforce seed links some accounts to Xero contact IDs of its own making: a real
    // orphaned link (no such contact in Xero), which the parity check must report.
    const seededOrphans = (
      await env
        .sf()
        .query<{ Id: string; Xero_Contact_ID__c: string }>(
          'SELECT Id, Xero_Contact_ID__c FROM Account WHERE Xero_Contact_ID__c != null',
        )
    ).records.filter((a) => !env.xero.store.contacts.has(a.Xero_Contact_ID__c));
    expect(seededOrphans.length).toBeGreaterThan(0);
    const sfResult = await check(sfConnectionId);
    expect(await found(sfResult.runId)).toEqual(
      seededOrphans.map((a) => `orphaned_link:contact:::${a.Id}`).sort(),
    );
    const hsResult = await check(hsConnectionId);
    expect(await found(hsResult.runId)).toEqual([]);
    const zohoResult = await check(zohoConnectionId);
    expect(await found(zohoResult.runId)).toEqual([]);
    for (const result of [sfResult, hsResult, zohoResult]) expect(result.pairsCompared).toBeGreaterThan(10);
    expect(hsResult.summary).toMatch(/agree/);
    seeded = seededOrphans.map((a) => `orphaned_link:contact:::${a.Id}`);
  });

  it('finds every planted Salesforce discrepancy and no near-miss, and a repair clears what a sync can fix', async () => {
    const sf = env.sf();
    const [amountOff, rounding, deleted] = await sfOpportunities();
    await sf.sobject('Opportunity').update({ Id: amountOff!.Id, Amount: amountOff!.Amount + 10 });
    await sf
      .sobject('Opportunity')
      .update({ Id: rounding!.Id, Xero_Amount_Due__c: rounding!.Xero_Amount_Due__c + 0.004 });
    await sf.sobject('Opportunity').destroy(deleted!.Id);
    const ghostInvoiceId = randomUUID();
    const ghost = await sf.sobject('Opportunity').create({
      Name: 'Ghost',
      StageName: 'Closed Won',
      CloseDate: '2026-11-02',
      Amount: 5,
      Xero_Invoice_ID__c: ghostInvoiceId,
    });
    const account = (
      await sf.query<{ Id: string; Name: string; Xero_Contact_ID__c: string }>(
        'SELECT Id, Name, Xero_Contact_ID__c FROM Account WHERE Xero_Contact_ID__c != null ORDER BY Name',
      )
    ).records.find((a) => env.xero.store.contacts.has(a.Xero_Contact_ID__c))!;
    const wonToday = await sf.sobject('Opportunity').create({
      Name: 'Won, never invoiced',
      StageName: 'Closed Won',
      CloseDate: new Date().toISOString().slice(0, 10),
      Amount: 300,
      AccountId: account.Id,
    });
    await sf.sobject('Account').update({ Id: account.Id, Name: `${account.Name} (renamed)` });
    const ids = (r: { success: boolean; id?: string }) => (r.success ? r.id! : '');

    const result = await check(sfConnectionId);
    const expected = [
      `field_mismatch:invoice:amount:${amountOff!.Xero_Invoice_ID__c}:${amountOff!.Id}`,
      `missing_in_crm:invoice::${deleted!.Xero_Invoice_ID__c}:`,
      `orphaned_link:invoice:::${ids(ghost)}`,
      `missing_in_xero:invoice:::${ids(wonToday)}`,
      `field_mismatch:contact:name:${account.Xero_Contact_ID__c}:${account.Id}`,
      ...seeded,
    ].sort();
    expect(await found(result.runId)).toEqual(expected);
    expect(result.byKind).toEqual({
      field_mismatch: 2,
      missing_in_crm: 1,
      orphaned_link: 1 + seeded.length,
      missing_in_xero: 1,
    });
    const amountFinding = (await parity.findings(result.runId)).find((f) => f.field === 'amount')!;
    expect(amountFinding).toMatchObject({
      xero_value: amountOff!.Amount.toFixed(2),
      crm_value: (amountOff!.Amount + 10).toFixed(2),
    });

    const outcome = await repairFindings(
      {
        parity,
        connections: env.connections,
        audit: new AuditLog(env.store.db),
        dispatchXeroChanges: env.dispatch,
        dispatchDealChanges: crmDealDispatcher(env.temporal.client, env.temporal.taskQueue),
      },
      { runId: result.runId, actor: 'test@ledgerbridge' },
    );
    expect(outcome.needsHuman.map((n) => n.findingKey).sort()).toEqual(
      [
        `orphaned_link:invoice:${ids(ghost)}`,
        ...seeded.map((f) => `orphaned_link:contact:${f.split(':').at(-1)}`),
      ].sort(),
    );
    expect(outcome.resynced).toHaveLength(4);
    await Promise.all(outcome.resynced.map(async ({ workflowId }) => waitIdle(workflowId)));

    // The deal's new invoice reaches the CRMs as Xero's webhook would bring it.
    const invoiced = await sf
      .sobject('Opportunity')
      .retrieve(ids(wonToday))
      .then((r) => (r as unknown as { Xero_Invoice_ID__c: string | null }).Xero_Invoice_ID__c);
    expect(invoiced).toBeTruthy();
    const [invoiceSync] = await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: invoiced!,
        change: { eventType: 'CREATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    await waitIdle(invoiceSync!);

    // The run is in Salesforce's sync health view: the run record and one open finding each.
    const sfFindings = async (status: string) =>
      (
        await sf.query<{ Finding_Ref__c: string; Kind__c: string }>(
          `SELECT Finding_Ref__c, Kind__c FROM Ledgerbridge_Parity_Finding__c WHERE Status__c = '${status}'`,
        )
      ).records
        .map((r) => r.Finding_Ref__c)
        .sort();
    expect(await sfFindings('open')).toEqual(
      (await parity.findings(result.runId)).map((f) => f.finding_key).sort(),
    );
    const runRecord = await sf.query<{ Findings__c: number; Pairs_Compared__c: number }>(
      `SELECT Findings__c, Pairs_Compared__c FROM Ledgerbridge_Parity_Run__c WHERE Run_Id__c = '${result.runId}'`,
    );
    expect(runRecord.records[0]).toMatchObject({
      Findings__c: expected.length,
      Pairs_Compared__c: result.pairsCompared,
    });

    const after = await check(sfConnectionId);
    // The ghost's link is a person's call; everything else was put right by the normal syncs.
    expect(await found(after.runId)).toEqual([`orphaned_link:invoice:::${ids(ghost)}`, ...seeded].sort());
    // Repaired findings are resolved in Salesforce, not deleted; what remains stays open.
    expect(await sfFindings('open')).toEqual(
      (await parity.findings(after.runId)).map((f) => f.finding_key).sort(),
    );
    expect(await sfFindings('resolved')).toHaveLength(expected.length - 1 - seeded.length);
    const audit = await env.store.db
      .selectFrom('audit_log')
      .select(['outcome', 'subject'])
      .where('action', '=', 'parity.repair')
      .execute();
    expect(audit).toHaveLength(5 + seeded.length);
    await sf.sobject('Opportunity').destroy(ids(ghost));
  });

  it('finds every planted HubSpot discrepancy, including a duplicate link, and not a timezone-shifted date', async () => {
    const hs = env.hs();
    const [statusOff, shifted, currencyOff, dayOff, original] = await hsDeals();
    await hs.crm.deals.basicApi.update(statusOff!.id, { properties: { xero_invoice_status: 'VOIDED' } });
    // Local midnight in Auckland (UTC+13) of the same day: how an old process in NZ wrote dates.
    const date = shifted!.properties.closedate!.slice(0, 10);
    const nzMidnight = new Date(Date.parse(`${date}T00:00:00Z`) - 13 * 3_600_000).toISOString();
    await hs.crm.deals.basicApi.update(shifted!.id, { properties: { closedate: nzMidnight } });
    const otherCurrency = currencyOff!.properties.deal_currency_code === 'EUR' ? 'GBP' : 'EUR';
    await hs.crm.deals.basicApi.update(currencyOff!.id, {
      properties: { deal_currency_code: otherCurrency },
    });
    const nextDay = new Date(
      Date.parse(`${dayOff!.properties.closedate!.slice(0, 10)}T00:00:00Z`) + 86_400_000,
    );
    await hs.crm.deals.basicApi.update(dayOff!.id, { properties: { closedate: nextDay.toISOString() } });
    // A copy of a deal carrying the same Xero ID: what an old integration leaves in a portal whose
    // property does not enforce unique values (HubSpot's API would refuse it here, so it is planted
    // in the emulator's store).
    const copy = await hs.crm.deals.basicApi.create({
      properties: { ...original!.properties, xero_invoice_id: randomUUID() },
      associations: [
        {
          to: { id: original!.associations!.companies!.results[0]!.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: 5 }],
        },
      ],
    });
    env.hubspot.portal().of('deals').get(copy.id)!.properties.xero_invoice_id =
      original!.properties.xero_invoice_id!;

    const result = await check(hsConnectionId);
    const xeroId = (d: typeof statusOff) => d!.properties.xero_invoice_id!;
    expect(await found(result.runId)).toEqual(
      [
        `field_mismatch:invoice:status:${xeroId(statusOff)}:${statusOff!.id}`,
        `field_mismatch:invoice:currency:${xeroId(currencyOff)}:${currencyOff!.id}`,
        `field_mismatch:invoice:date:${xeroId(dayOff)}:${dayOff!.id}`,
        `duplicate_link:invoice::${xeroId(original)}:${[original!.id, copy.id].sort().join(',')}`,
      ].sort(),
    );
  });

  it('finds every planted Zoho discrepancy and no near-miss, and a repair clears what a sync can fix', async () => {
    const zoho = env.zoho!.client();
    const linked = await zoho.coql(
      'select id, Amount, Xero_Invoice_ID, Xero_Amount_Due from Deals where Xero_Invoice_ID is not null order by Xero_Invoice_ID asc limit 200',
    );
    const [amountOff, rounding, deleted] = linked.records as Array<{
      id: string;
      Amount: number;
      Xero_Invoice_ID: string;
      Xero_Amount_Due: number;
    }>;
    await zoho.updateRecords('Deals', [
      { id: amountOff!.id, Amount: amountOff!.Amount + 10 },
      { id: rounding!.id, Xero_Amount_Due: rounding!.Xero_Amount_Due + 0.004 },
    ]);
    env.zoho!.emulator.org(env.zoho!.orgId).table('Deals').delete(deleted!.id);
    const [ghost] = await zoho.createRecords('Deals', [
      {
        Deal_Name: 'Ghost',
        Stage: 'Closed Won',
        Closing_Date: '2026-11-02',
        Amount: 5,
        Xero_Invoice_ID: randomUUID(),
      },
    ]);
    const accounts = await zoho.coql(
      'select id, Account_Name, Xero_Contact_ID from Accounts where Xero_Contact_ID is not null order by Account_Name asc limit 200',
    );
    const account = (
      accounts.records as Array<{ id: string; Account_Name: string; Xero_Contact_ID: string }>
    )[0]!;
    const [wonToday] = await zoho.createRecords('Deals', [
      {
        Deal_Name: 'Won in Zoho, never invoiced',
        Stage: 'Closed Won',
        Closing_Date: new Date().toISOString().slice(0, 10),
        Amount: 300,
        Account_Name: { id: account.id },
      },
    ]);
    await zoho.updateRecords('Accounts', [
      { id: account.id, Account_Name: `${account.Account_Name} (renamed)` },
    ]);
    const idOf = (outcome: typeof ghost) => (outcome?.ok ? outcome.id : '');

    const result = await check(zohoConnectionId);
    const expected = [
      `field_mismatch:invoice:amount:${amountOff!.Xero_Invoice_ID}:${amountOff!.id}`,
      `missing_in_crm:invoice::${deleted!.Xero_Invoice_ID}:`,
      `orphaned_link:invoice:::${idOf(ghost)}`,
      `missing_in_xero:invoice:::${idOf(wonToday)}`,
      `field_mismatch:contact:name:${account.Xero_Contact_ID}:${account.id}`,
    ].sort();
    expect(await found(result.runId)).toEqual(expected);

    const outcome = await repairFindings(
      {
        parity,
        connections: env.connections,
        audit: new AuditLog(env.store.db),
        dispatchXeroChanges: env.dispatch,
        dispatchDealChanges: crmDealDispatcher(env.temporal.client, env.temporal.taskQueue),
      },
      { runId: result.runId, actor: 'test@ledgerbridge' },
    );
    expect(outcome.needsHuman.map((n) => n.findingKey)).toEqual([`orphaned_link:invoice:${idOf(ghost)}`]);
    await Promise.all(outcome.resynced.map(async ({ workflowId }) => waitIdle(workflowId)));
    // The won deal's new invoice reaches the CRMs as Xero's webhook would bring it.
    const invoiced = (await zoho.getRecord('Deals', idOf(wonToday), ['Xero_Invoice_ID']))?.Xero_Invoice_ID;
    expect(typeof invoiced).toBe('string');
    const [invoiceSync] = await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: String(invoiced),
        change: { eventType: 'CREATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    await waitIdle(invoiceSync!);

    const after = await check(zohoConnectionId);
    expect(await found(after.runId)).toEqual([`orphaned_link:invoice:::${idOf(ghost)}`]);
  });

  it('a run that cannot read the CRM fails visibly, audited, and leaves no snapshot or history behind', async () => {
    await env.connections.setStatus(hsConnectionId, 'needs_reauth', 'test: token revoked');
    try {
      const before = (await parity.history(env.tenantId, hsConnectionId)).length;
      await expect(check(hsConnectionId)).rejects.toBeInstanceOf(WorkflowFailedError);
      expect(await env.store.db.selectFrom('parity_records').select('run_id').execute()).toEqual([]);
      expect(await parity.history(env.tenantId, hsConnectionId)).toHaveLength(before);
      const failed = await env.store.db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('action', '=', 'parity.check')
        .where('outcome', '=', 'failed')
        .execute();
      expect(failed).toHaveLength(1);
      expect(JSON.stringify(failed[0]!.detail)).toMatch(/re-?auth/i);
    } finally {
      await env.connections.setStatus(hsConnectionId, 'active');
    }
  });

  /** Waits until a record's sync workflow has handled what it was given (both flows' state queries). */
  async function waitIdle(workflowId: string): Promise<void> {
    const handle = env.temporal.client.workflow.getHandle(workflowId);
    for (let i = 0; i < 400; i++) {
      const settled = workflowId.startsWith('xero:')
        ? await handle.query(xeroRecordStateQuery).then((s) => {
            if (s.lastError) throw new Error(`${workflowId}: ${s.lastError}`);
            return s.syncs > 0 && s.step === 'waiting';
          })
        : await handle.query(dealToXeroStateQuery).then((s) => s.runs > 0 && !s.busy);
      if (settled) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${workflowId} did not settle`);
  }
});
