import { crmDealWorkflowId } from '../../../workflows/crm/dealIds';
import { crmWonPollWorkflow } from '../../../workflows/crm/crmWonPoll';
import { dealToXeroStateQuery } from '../../../workflows/crm/dealToXero';
import type { MappingSettingsInput } from '../../../workflows/domain/mappingSettings';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import type { ZohoClient } from '../../../worker/connectors/zoho/zohoClient';
import { equals } from '../../../worker/connectors/zoho/zohoCriteria';
import { crmDealDispatcher, type CrmDealDispatch } from '../../../worker/webhooks/crmDealDispatcher';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';
import { until } from './dealHarness';

/**
 * Closed-Won deals in Zoho CRM become Xero invoices, as they do in Salesforce and HubSpot: the
 * deal workflow on the real Temporal server reads the deal through the typed v8 client from the
 * Zoho emulator and makes the invoice through xero-node against the Xero emulator.
 */
describe('a won Zoho deal becomes one Xero invoice', () => {
  let env: ThreeSandboxes;
  let settings: MappingSettingsInput = {};
  let dispatch: CrmDealDispatch;
  let zoho: ZohoClient;
  let orgId: string;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 8282, contacts: 3, invoices: 3 },
      { settings: () => settings, xeroRateLimits: { perMinute: 600 }, zoho: true },
    );
    dispatch = crmDealDispatcher(env.temporal.client, env.temporal.taskQueue);
    zoho = env.zoho!.client();
    orgId = env.zoho!.orgId;
  });
  afterAll(() => env.close());

  const notice = (dealId: string, source: string) => ({
    crm: 'zoho' as const,
    crmAccount: orgId,
    dealId,
    source,
  });
  const handle = (dealId: string) =>
    env.temporal.client.workflow.getHandle(crmDealWorkflowId('zoho', orgId, dealId));
  const invoicesReferencing = (name: string) =>
    [...env.xero.store.invoices.values()].filter(
      (i) =>
        i.tenantId === env.tenantId && /^(.*) \[LB-[0-9A-Z]+-\d+\]$/.exec(i.reference ?? '')?.[1] === name,
    );

  /** An account and a deal on it, as a rep makes them in Zoho. */
  async function zohoDeal(
    name: string,
    fields: Record<string, unknown>,
  ): Promise<{ dealId: string; accountId: string }> {
    const [account] = await zoho.createRecords('Accounts', [{ Account_Name: `${name} GmbH` }]);
    if (!account?.ok) throw new Error('account not created');
    const [deal] = await zoho.createRecords('Deals', [
      {
        Deal_Name: name,
        Stage: 'Negotiation/Review',
        Closing_Date: '2026-11-20',
        Account_Name: { id: account.id },
        ...fields,
      },
    ]);
    if (!deal?.ok) throw new Error('deal not created');
    return { dealId: deal.id, accountId: account.id };
  }
  const readDeal = (dealId: string, fields: string[]) => zoho.getRecord('Deals', dealId, fields);
  const tasksOn = async (dealId: string) =>
    (await env.zoho!.emulator.records(orgId, 'Tasks')).filter(
      (t) => (t.What_Id as { id?: string } | undefined)?.id === dealId,
    );

  it('exactly one invoice despite duplicate notices and Xero answering 503 then 429 mid-create; the account linked', async () => {
    const name = 'Fabrikam Zoho licence';
    const { dealId, accountId } = await zohoDeal(name, { Amount: 4800 });
    env.xero.faults.add({
      kind: 'error',
      status: 503,
      count: 1,
      method: 'PUT',
      pathPrefix: '/api.xro/2.0/Invoices',
    });
    env.xero.faults.add({ kind: 'rate_limit', count: 1, method: 'PUT', pathPrefix: '/api.xro/2.0/Invoices' });

    await zoho.updateRecords('Deals', [{ id: dealId, Stage: 'Closed Won' }]);
    // The notification, and the same change told twice more (Zoho retries a delivery it thinks failed).
    await Promise.all([1, 2, 3].map((n) => dispatch([notice(dealId, `zoho-notification-${n}`)])));

    const invoiceId = await until(async () => {
      const deal = await readDeal(dealId, ['Xero_Invoice_ID']);
      return typeof deal?.Xero_Invoice_ID === 'string' ? deal.Xero_Invoice_ID : undefined;
    }, 'the invoice ID on the Zoho deal');
    await until(async () => {
      const state = await handle(dealId).query(dealToXeroStateQuery);
      return state.changesSeen >= 1 && !state.busy ? true : undefined;
    }, 'every notice handled');

    const invoices = invoicesReferencing(name);
    expect(invoices).toHaveLength(1);
    const invoice = invoices[0]!;
    expect(invoice).toMatchObject({
      id: invoiceId,
      type: 'ACCREC',
      status: 'AUTHORISED',
      date: '2026-11-20',
    });
    // A Zoho deal has no line items of its own: its amount is the invoice's one line.
    expect(invoice.lines.map((l) => [l.description, l.quantity, l.unitAmount])).toEqual([[name, 1, 4800]]);
    expect(env.xero.store.contacts.get(invoice.contactId)?.name).toBe(`${name} GmbH`);

    expect(await readDeal(dealId, ['Xero_Invoice_Number', 'Xero_Invoice_Status', 'Deal_Name'])).toMatchObject(
      {
        Xero_Invoice_Number: invoice.number,
        Xero_Invoice_Status: 'AUTHORISED',
        Deal_Name: name,
      },
    );
    expect((await zoho.getRecord('Accounts', accountId, ['Xero_Contact_ID']))?.Xero_Contact_ID).toBe(
      invoice.contactId,
    );
    const audit = await env.store.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('workflow_id', '=', handle(dealId).workflowId)
      .execute();
    expect(audit.filter((a) => a.action === 'create_xero_invoice')).toHaveLength(1);

    // Xero's own event about the invoice keeps one deal, the rep's, with its Xero fields.
    const sync = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoiceId),
    );
    await env.dispatch([
      {
        tenantId: env.tenantId,
        category: 'INVOICE',
        resourceId: invoiceId,
        change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
      },
    ]);
    await until(async () => {
      const state = await sync.query(xeroRecordStateQuery).catch(() => undefined);
      if (state?.lastError) throw new Error(state.lastError);
      return state && state.syncs > 0 && state.step === 'waiting' ? true : undefined;
    }, 'the invoice synced back');
    const holding = await zoho.search('Deals', equals('Xero_Invoice_ID', invoiceId), {
      fields: ['Deal_Name', 'Stage', 'Xero_Amount_Due'],
    });
    expect(holding.records).toEqual([
      expect.objectContaining({
        id: dealId,
        Deal_Name: name,
        Stage: 'Closed Won',
        Xero_Amount_Due: invoice.total,
      }),
    ]);
  }, 90_000);

  it('a deal that fails validation gets the reason and one task for its owner, and no invoice', async () => {
    settings = { currencies: { allowed: ['USD'] } };
    const name = 'Contoso Zoho deal in EUR';
    const { dealId } = await zohoDeal(name, { Amount: 900, Currency: 'EUR' });
    await zoho.updateRecords('Deals', [{ id: dealId, Stage: 'Closed Won' }]);
    await dispatch([notice(dealId, 'first')]);
    const problem = await until(async () => {
      const deal = await readDeal(dealId, ['Ledgerbridge_Sync_Problem']);
      return typeof deal?.Ledgerbridge_Sync_Problem === 'string' ? deal.Ledgerbridge_Sync_Problem : undefined;
    }, 'the problem on the deal');
    expect(problem).toMatch(/EUR/);
    // Told again (a retried notification): the same problem makes no second task.
    await dispatch([notice(dealId, 'again')]);
    await until(async () => {
      const state = await handle(dealId).query(dealToXeroStateQuery);
      return state.changesSeen >= 2 && !state.busy ? true : undefined;
    }, 'both notices handled');
    expect(await tasksOn(dealId)).toHaveLength(1);
    expect(invoicesReferencing(name)).toHaveLength(0);
    settings = {};
  }, 60_000);

  it('the won-deal poll invoices a Zoho deal whose notification never came', async () => {
    const poll = () =>
      env.temporal.client.workflow.execute(crmWonPollWorkflow, {
        taskQueue: env.temporal.taskQueue,
        workflowId: `crm-won-poll:zoho:${orgId}:${Date.now()}`,
        args: [{ crm: 'zoho', crmAccount: orgId }],
      });
    // The first look only notes the time: deals won before are not invoiced behind anyone's back.
    expect(await poll()).toEqual({ dispatched: 0 });
    const name = 'Litware Zoho lost notification';
    const { dealId } = await zohoDeal(name, { Amount: 700, Stage: 'Closed Won' });
    expect((await poll()).dispatched).toBeGreaterThanOrEqual(1);
    await until(async () => {
      const deal = await readDeal(dealId, ['Xero_Invoice_ID']);
      return typeof deal?.Xero_Invoice_ID === 'string' ? true : undefined;
    }, 'the polled Zoho invoice');
    expect(invoicesReferencing(name)).toHaveLength(1);
  }, 60_000);
});
