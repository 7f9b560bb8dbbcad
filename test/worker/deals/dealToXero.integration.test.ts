import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import { Client as HubspotClient } from '@hubspot/api-client';
import { HUBSPOT_SCOPES } from '../../../worker/connectors/hubspot/hubspotEndpoints';
import type { MappingSettingsInput } from '../../../workflows/domain/mappingSettings';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import { dealToXeroStateQuery } from '../../../workflows/crm/dealToXero';
import { crmWonPollWorkflow } from '../../../workflows/crm/crmWonPoll';
import { registerHubspotWebhookRoute } from '../../../worker/ingress/hubspotWebhookRoute';
import { registerSalesforceWebhookRoute } from '../../../worker/ingress/salesforceWebhookRoute';
import { startIngress, type Ingress } from '../../../worker/ingress/server';
import { createLogger } from '../../../worker/logger';
import { crmDealDispatcher, type CrmDealDispatch } from '../../../worker/webhooks/crmDealDispatcher';
import { freePort } from '../../support/ports';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';

const HS_SECRET = 'hubspot-app-secret-for-tests';
const SF_SECRET = 'salesforce-named-credential-secret';
const HS_PORTAL = '606060';
const ADMIN_TOKEN = 'pat-na1-portal-admin';

/**
 * Closed-Won deals in both CRMs become Xero invoices: through the real webhook routes (HubSpot v3
 * signatures, the Salesforce flow's signed callout), the real Temporal server and the real SDKs.
 */
describe('a won deal becomes one Xero invoice', () => {
  let env: ThreeSandboxes;
  let settings: MappingSettingsInput = {};
  let ingress: Ingress;
  let dispatch: CrmDealDispatch;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 8181, contacts: 4, invoices: 4 },
      // Between them these tests make more than Xero's 60 calls a minute for one organisation.
      { settings: () => settings, xeroRateLimits: { perMinute: 600 } },
    );
    dispatch = crmDealDispatcher(env.temporal.client, env.temporal.taskQueue);
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const logger = createLogger('silent');
    ingress = await startIngress({
      host: '127.0.0.1',
      port,
      logger,
      health: {
        store: env.store,
        temporal: { address: 'n/a', namespace: 'default', probe: () => Promise.resolve() },
      },
      routes: [
        (router) =>
          registerHubspotWebhookRoute(router, { clientSecret: HS_SECRET, publicUrl, dispatch, logger }),
        (router) => registerSalesforceWebhookRoute(router, { secret: SF_SECRET, dispatch, logger }),
      ],
    });
    env.hubspot.configureWebhooks({
      targetUrl: `${publicUrl}/webhooks/hubspot`,
      clientSecret: HS_SECRET,
      subscriptions: [
        { subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' },
        { subscriptionType: 'deal.propertyChange', propertyName: 'amount' },
      ],
    });
    env.hubspot.registerStaticToken(Number(HS_PORTAL), ADMIN_TOKEN, [
      ...HUBSPOT_SCOPES,
      'crm.objects.line_items.write',
    ]);
    env.salesforce.configureOutbound({ targetUrl: `${publicUrl}/webhooks/salesforce`, secret: SF_SECRET });
  });
  afterAll(async () => {
    await ingress.close();
    await env.close();
  });

  async function until<T>(read: () => Promise<T | undefined>, what: string, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await read();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The Reference is the deal's name and its invoice intent's tag, "[LB-<intent>-<generation>]".
  const invoicesReferencing = (name: string) =>
    [...env.xero.store.invoices.values()].filter(
      (i) =>
        i.tenantId === env.tenantId && /^(.*) \[LB-[0-9A-Z]+-\d+\]$/.exec(i.reference ?? '')?.[1] === name,
    );

  async function hubspotDeal(
    name: string,
    props: Record<string, string>,
    lines: Array<Record<string, string>>,
  ) {
    const hs = env.hs();
    const company = await hs.crm.companies.basicApi.create({ properties: { name: `${name} Ltd` } });
    const deal = await hs.crm.deals.basicApi.create({
      properties: {
        dealname: name,
        dealstage: 'contractsent',
        closedate: '2026-11-20T00:00:00.000Z',
        ...props,
      },
      associations: [
        {
          to: { id: company.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 5,
            },
          ],
        },
      ],
    });
    // A person adds the products (the worker's own token may only read line items).
    const admin = new HubspotClient({ accessToken: ADMIN_TOKEN, basePath: env.servers.hubspot.url });
    for (const line of lines)
      await admin.crm.lineItems.basicApi.create({
        properties: line,
        associations: [
          {
            to: { id: deal.id },
            types: [
              {
                associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
                associationTypeId: 20,
              },
            ],
          },
        ],
      });
    return { dealId: deal.id, companyId: company.id };
  }

  it('HubSpot: exactly one invoice, with the mapped items, tax and currency, despite duplicate webhooks and Xero answering 503 then 429 mid-create', async () => {
    settings = {
      items: { LICENCE: { itemCode: 'LICENCE', accountCode: '260' } },
      taxRates: { 'reduced-rate': 'OUTPUT2' },
      currencies: { allowed: ['EUR', 'USD'] },
    };
    const name = 'Northwind annual licence';
    const { dealId, companyId } = await hubspotDeal(name, { deal_currency_code: 'EUR' }, [
      { name: 'Licence', quantity: '2', price: '1200', hs_sku: 'LICENCE' },
      {
        name: 'Onboarding',
        quantity: '5',
        price: '150',
        hs_discount_percentage: '10',
        hs_tax_rate_group_id: 'reduced-rate',
      },
    ]);
    env.xero.faults.add({
      kind: 'error',
      status: 503,
      count: 1,
      method: 'PUT',
      pathPrefix: '/api.xro/2.0/Invoices',
    });
    env.xero.faults.add({ kind: 'rate_limit', count: 1, method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });

    const wonAt = Date.now();
    await env.hs().crm.deals.basicApi.update(dealId, { properties: { dealstage: 'closedwon' } });
    // The same change told twice more, as a retried delivery would.
    await dispatch(
      [1, 2].map((n) => ({ crm: 'hubspot' as const, crmAccount: HS_PORTAL, dealId, source: `dup-${n}` })),
    );

    const invoiceId = await until(async () => {
      const deal = await env.hs().crm.deals.basicApi.getById(dealId, ['xero_invoice_id']);
      return deal.properties.xero_invoice_id || undefined;
    }, 'the invoice ID on the deal');
    console.warn(`HubSpot won-to-invoice latency: ${Date.now() - wonAt} ms`);
    const handle = env.temporal.client.workflow.getHandle(crmDealWorkflowId('hubspot', HS_PORTAL, dealId));
    await until(async () => {
      const state = await handle.query(dealToXeroStateQuery);
      return state.changesSeen >= 2 && !state.busy ? true : undefined;
    }, 'every notice handled');

    const invoices = invoicesReferencing(name);
    expect(invoices).toHaveLength(1);
    const invoice = invoices[0]!;
    expect(invoice).toMatchObject({
      id: invoiceId,
      type: 'ACCREC',
      status: 'AUTHORISED',
      currency: 'EUR',
      date: '2026-11-20',
      dueDate: '2026-12-20',
    });
    expect(
      invoice.lines.map((l) => [
        l.description,
        l.quantity,
        l.unitAmount,
        l.itemCode,
        l.accountCode,
        l.taxType,
      ]),
    ).toEqual([
      ['Licence', 2, 1200, 'LICENCE', '260', 'OUTPUT'],
      ['Onboarding', 5, 150, undefined, '200', 'OUTPUT2'],
    ]);
    expect(invoice.subTotal).toBeCloseTo(2 * 1200 + 5 * 150 * 0.9, 2);
    const contact = env.xero.store.contacts.get(invoice.contactId);
    expect(contact?.name).toBe(`${name} Ltd`);

    const deal = await env
      .hs()
      .crm.deals.basicApi.getById(dealId, ['xero_invoice_number', 'xero_invoice_status', 'xero_invoice_url']);
    expect(deal.properties).toMatchObject({
      xero_invoice_number: invoice.number,
      xero_invoice_status: 'AUTHORISED',
    });
    expect(deal.properties.xero_invoice_url).toMatch(/^https?:\/\//);
    const company = await env.hs().crm.companies.basicApi.getById(companyId, ['xero_contact_id']);
    expect(company.properties.xero_contact_id).toBe(invoice.contactId);
    const audit = await env.store.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('workflow_id', '=', handle.workflowId)
      .execute();
    expect(audit.filter((a) => a.action === 'create_xero_invoice')).toHaveLength(1);
    settings = {};
  }, 90_000);

  it("Xero telling us about the invoice it made keeps one deal, the rep's, with its Xero fields", async () => {
    const name = 'Northwind annual licence';
    const invoice = invoicesReferencing(name)[0]!;
    await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: invoice.id,
        change: { eventType: 'CREATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoice.id),
    );
    await until(
      async () => ((await handle.query(xeroRecordStateQuery)).syncs >= 1 ? true : undefined),
      'the sync',
    );
    const deals = await env.hs().crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'xero_invoice_id', operator: 'EQ' as never, value: invoice.id }] },
      ],
      properties: ['dealname', 'xero_amount_due', 'xero_invoice_status'],
      limit: 10,
    });
    expect(deals.results).toHaveLength(1);
    expect(deals.results[0]!.properties).toMatchObject({ dealname: name, xero_invoice_status: 'AUTHORISED' });
    expect(Number(deals.results[0]!.properties.xero_amount_due)).toBeCloseTo(invoice.total, 2);
  }, 60_000);

  it('an amended deal follows the policy: draft updated, authorised flagged, or credited and reissued', async () => {
    settings = { createInvoiceAs: 'DRAFT' };
    const name = 'Adatum amended deal';
    const { dealId } = await hubspotDeal(name, { deal_currency_code: 'USD', amount: '1000' }, []);
    const hs = env.hs();
    const dealProps = async () =>
      (await hs.crm.deals.basicApi.getById(dealId, ['xero_invoice_id', 'ledgerbridge_sync_problem']))
        .properties;
    await hs.crm.deals.basicApi.update(dealId, { properties: { dealstage: 'closedwon' } });
    const firstId = await until(async () => (await dealProps()).xero_invoice_id || undefined, 'the draft');
    expect(env.xero.store.invoices.get(firstId)).toMatchObject({ status: 'DRAFT', subTotal: 1000 });

    // While a draft: updated in place.
    await hs.crm.deals.basicApi.update(dealId, { properties: { amount: '1200' } });
    await until(
      async () => (env.xero.store.invoices.get(firstId)?.subTotal === 1200 ? true : undefined),
      'update',
    );
    expect(invoicesReferencing(name)).toHaveLength(1);

    // Authorised, policy "flag": the reason on the deal (and a task), the invoice untouched.
    const authorise = await fetch(`${env.servers.xero.url}/__sandbox/invoices/${firstId}/edit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Status: 'AUTHORISED' }),
    });
    expect(authorise.status).toBe(200);
    settings = { createInvoiceAs: 'DRAFT', amendmentPolicy: 'update_draft_else_flag' };
    await hs.crm.deals.basicApi.update(dealId, { properties: { amount: '1500' } });
    const problem = await until(
      async () => (await dealProps()).ledgerbridge_sync_problem || undefined,
      'the flag',
    );
    expect(problem).toContain(env.xero.store.invoices.get(firstId)!.number);
    expect(env.xero.store.invoices.get(firstId)?.subTotal).toBe(1200);

    // Policy "credit note": the old invoice is cancelled by an allocated credit note, a new one issued.
    settings = { createInvoiceAs: 'AUTHORISED', amendmentPolicy: 'update_draft_else_credit_note' };
    await hs.crm.deals.basicApi.update(dealId, { properties: { amount: '1600' } });
    const secondId = await until(async () => {
      const id = (await dealProps()).xero_invoice_id;
      return id && id !== firstId ? id : undefined;
    }, 'the reissued invoice');
    expect(env.xero.store.invoices.get(secondId)).toMatchObject({ status: 'AUTHORISED', subTotal: 1600 });
    const old = env.xero.store.invoices.get(firstId)!;
    expect(old.amountCredited).toBeCloseTo(old.total, 2);
    expect(old.status).toBe('PAID');
    expect((await dealProps()).ledgerbridge_sync_problem ?? '').toBe('');
    settings = {};
  }, 90_000);

  it('failed payments count on the deal in both CRMs, and the threshold makes one task each', async () => {
    settings = { paymentFailureTaskThreshold: 2 };
    const invoice = invoicesReferencing('Northwind annual licence')[0]!;
    const control = (path: string, body: unknown = {}) =>
      fetch(`${env.servers.xero.url}/__sandbox${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => {
        expect(r.status).toBe(200);
        return (await r.json()) as { paymentId?: string };
      });
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoice.id),
    );
    const syncNow = async () => {
      const before = await handle.query(xeroRecordStateQuery).then(
        (st) => st.syncs,
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
        const st = await handle.query(xeroRecordStateQuery);
        return st.syncs > before && st.step !== 'syncing' ? true : undefined;
      }, 'the sync');
    };
    const failOnePayment = async () => {
      const { paymentId } = await control(`/invoices/${invoice.id}/pay`, { amount: 100 });
      await syncNow();
      await control(`/payments/${paymentId}/delete`);
      await syncNow();
    };
    const deal = await env.hs().crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'xero_invoice_id', operator: 'EQ' as never, value: invoice.id }] },
      ],
      properties: ['ledgerbridge_payment_retry_count'],
      limit: 1,
    });
    const dealId = deal.results[0]!.id;
    const hsState = async () => ({
      count: (await env.hs().crm.deals.basicApi.getById(dealId, ['ledgerbridge_payment_retry_count']))
        .properties.ledgerbridge_payment_retry_count,
      tasks: env.hubspot.portal(Number(HS_PORTAL)).associated('deals', dealId, 'tasks').size,
    });
    const sfState = async () => {
      const [opp] = (
        await env
          .sf()
          .query<{ Id: string; Payment_Retry_Count__c: number | null }>(
            `SELECT Id, Payment_Retry_Count__c FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`,
          )
      ).records;
      const tasks = await env.sf().query(`SELECT Id FROM Task WHERE WhatId = '${opp?.Id}'`);
      return { count: opp?.Payment_Retry_Count__c, tasks: tasks.totalSize };
    };

    await failOnePayment();
    expect(await hsState()).toEqual({ count: '1', tasks: 0 });
    expect(await sfState()).toEqual({ count: 1, tasks: 0 });
    await failOnePayment();
    expect(await hsState()).toEqual({ count: '2', tasks: 1 });
    expect(await sfState()).toEqual({ count: 2, tasks: 1 });
    await failOnePayment();
    expect(await hsState()).toEqual({ count: '3', tasks: 1 });
    expect(await sfState()).toEqual({ count: 3, tasks: 1 });
    settings = {};
  }, 120_000);

  it('HubSpot: a deal that fails validation gets the reason and one task, and makes no invoice', async () => {
    const name = 'Contoso loonie deal';
    const { dealId } = await hubspotDeal(name, { deal_currency_code: 'CAD', amount: '5000' }, []);
    await env.hs().crm.deals.basicApi.update(dealId, { properties: { dealstage: 'closedwon' } });
    const problem = await until(async () => {
      const deal = await env.hs().crm.deals.basicApi.getById(dealId, ['ledgerbridge_sync_problem']);
      return deal.properties.ledgerbridge_sync_problem || undefined;
    }, 'the problem on the deal');
    expect(problem).toContain('Currency CAD is not enabled in the Xero organisation');
    // Told again: the same problem is not reported twice.
    await dispatch([{ crm: 'hubspot', crmAccount: HS_PORTAL, dealId, source: 'again' }]);
    const handle = env.temporal.client.workflow.getHandle(crmDealWorkflowId('hubspot', HS_PORTAL, dealId));
    await until(
      async () => ((await handle.query(dealToXeroStateQuery)).runs >= 2 ? true : undefined),
      'second run',
    );
    const tasks = env.hubspot.portal(Number(HS_PORTAL)).associated('deals', dealId, 'tasks');
    expect(tasks.size).toBe(1);
    expect(invoicesReferencing(name)).toHaveLength(0);
  }, 60_000);

  async function salesforceOpportunity(name: string, fields: Record<string, unknown>, withAccount = true) {
    const sf = env.sf();
    const account = withAccount ? await sf.sobject('Account').create({ Name: `${name} Pty` }) : undefined;
    const opp = await sf.sobject('Opportunity').create({
      Name: name,
      StageName: 'Negotiation/Review',
      CloseDate: '2026-11-18',
      ...(account && 'id' in account ? { AccountId: account.id } : {}),
      ...fields,
    });
    return ('id' in opp && opp.id) || '';
  }
  const opportunityFields = async (oppId: string) =>
    (
      await env
        .sf()
        .query<Record<string, unknown>>(
          `SELECT Xero_Invoice_ID__c, Xero_Invoice_Number__c, Xero_Invoice_Status__c, Xero_Online_Invoice_URL__c, Ledgerbridge_Sync_Problem__c, Account.Xero_Contact_ID__c FROM Opportunity WHERE Id = '${oppId}'`,
        )
    ).records[0] ?? {};

  it('Salesforce: the Closed Won callout makes one invoice with the mapped items and tax, despite duplicates, a 503 and a 429', async () => {
    settings = {
      items: { SUPPORT: { itemCode: 'SUPPORT', accountCode: '260' } },
      taxRates: { GST: 'OUTPUT2' },
    };
    const sf = env.sf();
    const product = await sf
      .sobject('Product2')
      .create({ Name: 'Support plan', ProductCode: 'SUPPORT', IsActive: true });
    const name = 'Fabrikam support renewal';
    const oppId = await salesforceOpportunity(name, {});
    await sf.sobject('OpportunityLineItem').create({
      OpportunityId: oppId,
      Product2Id: 'id' in product ? product.id : '',
      Quantity: 12,
      UnitPrice: 99,
      Tax_Code__c: 'GST',
    });
    await sf
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: oppId, Description: 'Travel', Quantity: 1, UnitPrice: 250 });
    env.xero.faults.add({
      kind: 'error',
      status: 503,
      count: 1,
      method: 'PUT',
      pathPrefix: '/api.xro/2.0/Invoices',
    });
    env.xero.faults.add({ kind: 'rate_limit', count: 1, method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });
    const orgId = String(env.salesforce.store.orgId);
    const wonAt = Date.now();
    await sf.sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    await dispatch(
      [1, 2].map((n) => ({
        crm: 'salesforce' as const,
        crmAccount: orgId,
        dealId: oppId,
        source: `dup-${n}`,
      })),
    );
    const invoiceId = await until(
      async () => ((await opportunityFields(oppId)).Xero_Invoice_ID__c as string | null) ?? undefined,
      'the invoice ID on the opportunity',
    );
    console.warn(`Salesforce won-to-invoice latency: ${Date.now() - wonAt} ms`);
    const invoices = invoicesReferencing(name);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]).toMatchObject({ id: invoiceId, status: 'AUTHORISED', date: '2026-11-18' });
    expect(
      invoices[0]!.lines.map((l) => [
        l.description,
        l.quantity,
        l.unitAmount,
        l.itemCode,
        l.accountCode,
        l.taxType,
      ]),
    ).toEqual([
      ['Support plan', 12, 99, 'SUPPORT', '260', 'OUTPUT2'],
      ['Travel', 1, 250, undefined, '200', 'OUTPUT'],
    ]);
    expect(await opportunityFields(oppId)).toMatchObject({
      Xero_Invoice_Number__c: invoices[0]!.number,
      Xero_Invoice_Status__c: 'AUTHORISED',
      Account: { Xero_Contact_ID__c: invoices[0]!.contactId },
    });
    settings = {};
  }, 60_000);

  it('Salesforce: a failed validation leaves the reason and one Task, and no invoice', async () => {
    const name = 'Orphan opportunity';
    const oppId = await salesforceOpportunity(name, { Amount: 400 }, false);
    await env.sf().sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    const problem = await until(
      async () =>
        ((await opportunityFields(oppId)).Ledgerbridge_Sync_Problem__c as string | null) ?? undefined,
      'the problem on the opportunity',
    );
    expect(problem).toContain('no account');
    await dispatch([
      { crm: 'salesforce', crmAccount: String(env.salesforce.store.orgId), dealId: oppId, source: 'again' },
    ]);
    const handle = env.temporal.client.workflow.getHandle(
      crmDealWorkflowId('salesforce', String(env.salesforce.store.orgId), oppId),
    );
    await until(
      async () => ((await handle.query(dealToXeroStateQuery)).runs >= 2 ? true : undefined),
      'second run',
    );
    const tasks = await env
      .sf()
      .query<{ Subject: string }>(`SELECT Subject FROM Task WHERE WhatId = '${oppId}'`);
    expect(tasks.records.map((t) => t.Subject)).toEqual([`Not invoiced in Xero: ${name}`]);
    expect(invoicesReferencing(name)).toHaveLength(0);
  }, 60_000);

  it('Salesforce: an amended won opportunity updates its draft invoice', async () => {
    settings = { createInvoiceAs: 'DRAFT' };
    const name = 'Tailspin amended';
    const oppId = await salesforceOpportunity(name, { Amount: 800 });
    await env.sf().sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    const invoiceId = await until(
      async () => ((await opportunityFields(oppId)).Xero_Invoice_ID__c as string | null) ?? undefined,
      'the draft',
    );
    expect(env.xero.store.invoices.get(invoiceId)).toMatchObject({ status: 'DRAFT', subTotal: 800 });
    await env.sf().sobject('Opportunity').update({ Id: oppId, Amount: 950 });
    await until(
      async () => (env.xero.store.invoices.get(invoiceId)?.subTotal === 950 ? true : undefined),
      'update',
    );
    expect(invoicesReferencing(name)).toHaveLength(1);
    settings = {};
  }, 60_000);

  it('the won-deal poll invoices deals whose notice never came, in both CRMs', async () => {
    const poll = (crm: 'salesforce' | 'hubspot', crmAccount: string) =>
      env.temporal.client.workflow.execute(crmWonPollWorkflow, {
        taskQueue: env.temporal.taskQueue,
        workflowId: `crm-won-poll:${crm}:${crmAccount}:${Date.now()}`,
        args: [{ crm, crmAccount }],
      });
    const orgId = String(env.salesforce.store.orgId);
    // The first look only notes the time: deals won before are not invoiced behind anyone's back.
    expect(await poll('salesforce', orgId)).toEqual({ dispatched: 0 });
    expect(await poll('hubspot', HS_PORTAL)).toEqual({ dispatched: 0 });

    env.salesforce.configureOutbound(undefined); // the callout is lost
    const sf = env.sf();
    const account = await sf.sobject('Account').create({ Name: 'Litware Inc' });
    const created = await sf.sobject('Opportunity').create({
      Name: 'Litware lost callout',
      StageName: 'Closed Won',
      CloseDate: '2026-11-19',
      Amount: 700,
      AccountId: ('id' in account && account.id) || '',
    });
    const oppId = ('id' in created && created.id) || '';
    // HubSpot: a deal created already won sends no dealstage change (not subscribed to creations).
    const { dealId } = await hubspotDeal(
      'Litware HubSpot deal',
      { amount: '900', dealstage: 'closedwon' },
      [],
    );

    expect((await poll('salesforce', orgId)).dispatched).toBeGreaterThanOrEqual(1);
    expect((await poll('hubspot', HS_PORTAL)).dispatched).toBeGreaterThanOrEqual(1);
    await until(async () => {
      const r = await sf.query<{ Xero_Invoice_ID__c: string | null }>(
        `SELECT Xero_Invoice_ID__c FROM Opportunity WHERE Id = '${oppId}'`,
      );
      return r.records[0]?.Xero_Invoice_ID__c ?? undefined;
    }, 'the polled Salesforce invoice');
    await until(async () => {
      const deal = await env.hs().crm.deals.basicApi.getById(dealId, ['xero_invoice_id']);
      return deal.properties.xero_invoice_id || undefined;
    }, 'the polled HubSpot invoice');
    expect(invoicesReferencing('Litware lost callout')).toHaveLength(1);
    expect(invoicesReferencing('Litware HubSpot deal')).toHaveLength(1);
    // Nothing left to find.
    expect(await poll('salesforce', orgId)).toEqual({ dispatched: 0 });
  }, 60_000);

  it('refuses a HubSpot request with a bad signature and starts nothing', async () => {
    const body = JSON.stringify([
      {
        eventId: 1,
        portalId: 606060,
        occurredAt: Date.now(),
        subscriptionType: 'deal.creation',
        objectId: 999999,
      },
    ]);
    const res = await fetch(`${ingress.url}/webhooks/hubspot`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hubspot-signature-v3': 'bm90IGEgc2lnbmF0dXJl',
        'x-hubspot-request-timestamp': String(Date.now()),
      },
      body,
    });
    expect(res.status).toBe(401);
    await expect(
      env.temporal.client.workflow.getHandle(crmDealWorkflowId('hubspot', HS_PORTAL, '999999')).describe(),
    ).rejects.toThrow();
  });
});
