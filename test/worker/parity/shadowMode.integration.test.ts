import { xeroBackfillWorkflow } from '../../../workflows';
import { dealToXeroStateQuery } from '../../../workflows/crm/dealToXero';
import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { qualifies } from '../../../workflows/domain/invoiceToDeal';
import { mappingSettingsSchema } from '../../../workflows/domain/mappingSettings';
import { crmDealDispatcher } from '../../../worker/webhooks/crmDealDispatcher';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

/**
 * Shadow (dry-run) mode, both flows on: the initial load, a Xero webhook and a Closed-Won deal run
 * through the real workflows, and afterwards not one record in Xero, Salesforce or HubSpot has
 * changed, while every write they would have made is recorded as a complete plan.
 */
describe('shadow mode', () => {
  let env: ThreeSandboxes;
  const shadow = { shadowMode: { xeroToCrm: true, crmToXero: true } };

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
    // The customer's sales rep wins a deal in Salesforce (the old process would invoice it by hand).
    const won = await env
      .sf()
      .sobject('Opportunity')
      .create({
        Name: 'Shadowed deal',
        StageName: 'Closed Won',
        CloseDate: '2026-11-20',
        Amount: 1200,
        AccountId: (await env.sf().query<{ Id: string }>('SELECT Id FROM Account LIMIT 1')).records[0]!.Id,
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
    )([{ crm: 'salesforce', crmAccount: sfOrg, dealId: won.id, source: 'test' }]);
    await until(async () => {
      const record = await env.temporal.client.workflow
        .getHandle(recordWorkflow!)
        .query(xeroRecordStateQuery);
      return record.syncs > 0 && record.step === 'waiting';
    });
    const dealHandle = env.temporal.client.workflow.getHandle(crmDealWorkflowId('salesforce', sfOrg, won.id));
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
        invoice: { type: 'ACCREC', date: '2026-11-20', subTotalCents: 120_000 },
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
});

async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('timed out');
}
