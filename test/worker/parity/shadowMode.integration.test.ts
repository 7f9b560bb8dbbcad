import { xeroBackfillWorkflow } from '../../../workflows';
import { dealToXeroStateQuery } from '../../../workflows/crm/dealToXero';
import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { qualifies } from '../../../workflows/domain/invoiceToDeal';
import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import type { InvoiceRecord } from '../../../sandbox/xero/model';
import { parityCheckWorkflow } from '../../../workflows';
import { ParityStore } from '../../../worker/parity/parityStore';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * Shadow (dry-run) mode, both flows on: the initial load, a Xero webhook and a Closed-Won deal run
 * through the real workflows, and afterwards not one record in Xero, Salesforce or HubSpot has
 * changed, while every write they would have made is recorded as a complete plan.
 */
describe('shadow mode', () => {
  let env: ThreeSandboxes;
  const shadow = { shadowMode: { xeroToCrm: true, crmToXero: true } };
  let manual: InvoiceRecord;
  let won: { success: boolean; id?: string };
  let webhookInvoice: InvoiceRecord;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 5150, contacts: 6, invoices: 30 }, { settings: () => shadow });
  }, 60_000);
  afterAll(() => env.close());

  /** Every record of all three vendors, with its last-modified stamp: any write changes it. */
  async function fingerprint(): Promise<string> {
    const sf: Record<string, unknown> = {};
    for (const object of ['Account', 'Contact', 'Opportunity', 'Xero_Invoice__c', 'Xero_Payment__c', 'Task'])
      sf[object] = (await env.sf().query(`SELECT Id, SystemModstamp FROM ${object} ORDER BY Id`)).records;
    const hubspot = Object.fromEntries(
      [...env.hubspot.portal().records].map(([type, records]) => [type, [...records.values()]]),
    );
    const xero = {
      contacts: [...env.xero.store.contacts.values()],
      invoices: [...env.xero.store.invoices.values()],
      payments: [...env.xero.store.payments.values()],
      creditNotes: [...env.xero.store.creditNotes.values()],
    };
    return JSON.stringify({ sf, hubspot, xero });
  }

  async function plans(flow: 'xero_to_crm' | 'crm_to_xero') {
    return env.store.db
      .selectFrom('shadow_plans')
      .selectAll()
      .where('flow', '=', flow)
      .orderBy('id')
      .execute();
  }

  it('writes nothing to any system, yet records a complete plan for every write', async () => {
    // The customer's sales rep wins a deal in Salesforce; the old process invoices it by hand in
    // Xero (this invoice, with the deal's amount and date).
    manual = [...env.xero.store.invoices.values()].find(
      (i) =>
        i.tenantId === env.tenantId &&
        i.type === 'ACCREC' &&
        i.status === 'AUTHORISED' &&
        i.currency === 'USD',
    )!;
    const unlinkedAccount = (
      await env.sf().query<{ Id: string }>('SELECT Id FROM Account WHERE Xero_Contact_ID__c = null LIMIT 1')
    ).records[0]!;
    won = await env.sf().sobject('Opportunity').create({
      Name: 'Shadowed deal',
      StageName: 'Closed Won',
      CloseDate: manual.date,
      Amount: manual.subTotal,
      AccountId: unlinkedAccount.Id,
    });
    if (!won.success) throw new Error('could not create the deal');
    const before = await fingerprint();

    await env.temporal.client.workflow.execute(xeroBackfillWorkflow, {
      taskQueue: env.temporal.taskQueue,
      workflowId: `xero-backfill:${env.tenantId}:shadow`,
      args: [{ tenantId: env.tenantId }],
    });
    const invoice = [...env.xero.store.invoices.values()].find(
      (i) => i.tenantId === env.tenantId && i.type === 'ACCREC' && i.status === 'AUTHORISED',
    )!;
    webhookInvoice = invoice;
    const [recordWorkflow] = await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: invoice.id,
        change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    const sfOrg = (await env.connections.list()).find((c) => c.vendor === 'salesforce')!.externalId;
    await crmDealDispatcher(
      env.temporal.client,
      env.temporal.taskQueue,
    )([{ crm: 'salesforce', crmAccount: sfOrg, dealId: won.id!, source: 'test' }]);
    await until(async () => {
      const record = await env.temporal.client.workflow
        .getHandle(recordWorkflow!)
        .query(xeroRecordStateQuery);
      return record.syncs > 0 && record.step === 'waiting';
    });
    const dealHandle = env.temporal.client.workflow.getHandle(
      crmDealWorkflowId('salesforce', sfOrg, won.id!),
    );
    await until(async () => (await dealHandle.query(dealToXeroStateQuery)).runs > 0);
    expect((await dealHandle.query(dealToXeroStateQuery)).lastOutcome).toBe('shadow');

    expect(await fingerprint()).toBe(before);

    // Xero to CRM: one plan per CRM for every contact and every qualifying invoice of the load, and
    // one more per CRM for the webhook's invoice, each with every field the CRM would have got.
    const settings = mappingSettingsSchema.parse(shadow);
    const tenantInvoices = [...env.xero.store.invoices.values()].filter((i) => i.tenantId === env.tenantId);
    const tenantContacts = [...env.xero.store.contacts.values()].filter((c) => c.tenantId === env.tenantId);
    const qualifying = tenantInvoices.filter(
      (i) =>
        qualifies({ type: i.type, status: i.status, total: i.total, lines: [] }, undefined, settings)
          .qualifies,
    );
    const xeroToCrm = await plans('xero_to_crm');
    const targets = new Set(xeroToCrm.map((p) => p.target.split(':')[0]));
    expect(targets).toEqual(new Set(['salesforce', 'hubspot']));
    expect(xeroToCrm).toHaveLength(2 * (tenantContacts.length + qualifying.length + 1));
    const webhookPlan = xeroToCrm.filter((p) => p.record_key === invoice.id).at(-1)!;
    expect(webhookPlan.workflow_id).toBe(recordWorkflow);
    expect(webhookPlan.plan).toMatchObject({
      kind: 'upsert_deal',
      deal: {
        xeroInvoiceId: invoice.id,
        invoiceNumber: invoice.number,
        amount: invoice.total,
        amountDue: invoice.total - invoice.amountPaid - invoice.amountCredited,
        currency: invoice.currency,
        stage: 'Closed Won',
        invoiceStatus: 'AUTHORISED',
      },
      account: { xeroContactId: invoice.contactId },
    });

    // CRM to Xero: the invoice the won deal would have become, with its contact and lines.
    const crmToXero = await plans('crm_to_xero');
    expect(crmToXero).toHaveLength(1);
    expect(crmToXero[0]).toMatchObject({
      target: 'xero',
      record_key: `salesforce:${sfOrg}:${won.id}`,
      plan: {
        invoice: { type: 'ACCREC', date: manual.date, subTotalCents: Math.round(manual.subTotal * 100) },
        contact: { name: expect.any(String) },
      },
    });

    const planned = await env.store.db
      .selectFrom('audit_log')
      .select(['action'])
      .where('outcome', '=', 'planned')
      .execute();
    expect(planned.map((r) => r.action).sort()).toEqual(
      expect.arrayContaining(['create_xero_invoice', 'upsert_deal']),
    );
  });

  it('reports, per flow, how far the old process agrees with the recorded plans, and every difference', async () => {
    const connections = await env.connections.list();
    const hsConnection = connections.find((c) => c.vendor === 'hubspot')!;
    const sfConnection = connections.find((c) => c.vendor === 'salesforce')!;
    let reports = 0;
    const report = async (crmConnectionId: string) =>
      env.temporal.client.workflow.execute(parityCheckWorkflow, {
        taskQueue: env.temporal.taskQueue,
        workflowId: `parity:${env.tenantId}:${crmConnectionId}:cutover-test-${++reports}`,
        args: [{ xeroTenantId: env.tenantId, crmConnectionId, trigger: 'manual', mode: 'cutover' }],
      });
    // Ledgerbridge's properties exist in the portal from the app's install (the first read makes
    // sure), so the old process can fill them.
    await report(hsConnection.id);
    // The old process: it keyed the webhook's invoice into HubSpot by hand (its number, no Xero
    // ID), typing the amount due wrong; in Salesforce it typed the hand-made invoice's number
    // onto the won deal.
    const amountDue = webhookInvoice.total - webhookInvoice.amountPaid - webhookInvoice.amountCredited;
    await env.hs().crm.deals.basicApi.create({
      properties: {
        dealname: 'Keyed by hand',
        amount: String(webhookInvoice.total),
        closedate: `${webhookInvoice.date}T00:00:00.000Z`,
        deal_currency_code: webhookInvoice.currency,
        xero_invoice_number: webhookInvoice.number,
        xero_invoice_status: 'AUTHORISED',
        xero_amount_due: String(amountDue + 10),
        xero_amount_paid: String(webhookInvoice.amountPaid),
      },
      associations: [],
    });
    await env.sf().sobject('Opportunity').update({ Id: won.id!, Xero_Invoice_Number__c: manual.number });

    const plannedDeals = new Set(
      (await plans('xero_to_crm'))
        .filter((p) => p.target.startsWith('hubspot:') && (p.plan as { kind: string }).kind === 'upsert_deal')
        .map((p) => p.record_key),
    ).size;

    const hubspot = await report(hsConnection.id);
    expect(hubspot.agreement).toEqual({
      xero_to_crm: { plans: plannedDeals, agreeing: 0 },
      crm_to_xero: { plans: 0, agreeing: 0 },
    });
    const hsFindings = await new ParityStore(env.store.db).findings(hubspot.runId);
    expect(hsFindings.filter((f) => f.kind === 'shadow_mismatch')).toEqual([
      expect.objectContaining({
        field: 'amount_due',
        xero_id: webhookInvoice.id,
        crm_value: (amountDue + 10).toFixed(2),
      }),
    ]);
    expect(hsFindings.filter((f) => f.kind === 'shadow_no_counterpart')).toHaveLength(plannedDeals - 1);
    expect(hubspot.summary).toMatch(/cutover agreement xero to crm 0\/\d+, crm to xero 0\/0/);

    const salesforce = await report(sfConnection.id);
    expect(salesforce.agreement?.crm_to_xero).toEqual({ plans: 1, agreeing: 1 });
    const sfFindings = await new ParityStore(env.store.db).findings(salesforce.runId);
    // The hand-made invoice agrees with what Ledgerbridge would have made of the deal.
    expect(sfFindings.filter((f) => f.finding_key.includes(':crm_to_xero:'))).toEqual([]);
  });
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}
