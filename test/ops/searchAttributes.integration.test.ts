import { HS_TOKEN, startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';
import { historyText } from '../support/history';
import { storyQuery } from '../../workflows/story';
import { crmDealWorkflowId } from '../../workflows/crm/dealIds';
import { dispatchInvoice, invoicePicker, invoiceWorkflowId, listIds, untilState } from './opsHarness';
import { crmDealDispatcher } from '../../worker/webhooks/crmDealDispatcher';
import { installationOfAccount } from '../../worker/installations/installationOfAccount';

/**
 * Ops find a sync in the Temporal UI by any ID they hold: a Xero invoice synced into both CRM
 * sandboxes on the real dev server is found by each Ledgerbridge search attribute, and its history
 * holds no token or customer detail in clear (payloads and failure text are encrypted).
 */
describe('search attributes', () => {
  let env: ThreeSandboxes;
  let nextInvoice: ReturnType<typeof invoicePicker>;
  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 7301, contacts: 4, invoices: 12 });
    nextInvoice = invoicePicker(env);
  });
  afterAll(() => env.close());

  it('finds a synced invoice by each attribute, and a deal workflow by its CRM record', async () => {
    const invoice = nextInvoice();
    await dispatchInvoice(env, invoice.id);
    const state = await untilState(env, invoice.id, (s) => s.syncs === 1 && s.step === 'waiting');
    expect(state.crmRecordIds).toHaveLength(2);
    const [sfOpportunity] = (
      await env
        .sf()
        .query<{ Id: string }>(`SELECT Id FROM Opportunity WHERE Xero_Invoice_ID__c = '${invoice.id}'`)
    ).records;
    expect(state.crmRecordIds).toContain(sfOpportunity?.Id);

    const ours = `TaskQueue = "${env.temporal.taskQueue}"`;
    const id = invoiceWorkflowId(env, invoice.id);
    const byAttribute = {
      XeroRecordId: `XeroRecordId = "${invoice.id}"`,
      XeroNumber: `XeroNumber = "${invoice.number}"`,
      CrmRecordId: `CrmRecordId = "${sfOpportunity?.Id ?? 'missing'}"`,
      SyncAccount: `SyncAccount = "${env.tenantId}" AND SyncFlow = "xero_to_crm"`,
      SyncFlow: `SyncFlow = "xero_to_crm"`,
      SyncOutcome: `SyncOutcome = "synced"`,
      // The harness's accounts belong to the installation made for connections without one.
      Installation: `Installation = "default" AND XeroRecordId = "${invoice.id}"`,
    };
    for (const [name, query] of Object.entries(byAttribute)) {
      const found = await listIds(env.temporal.client, `${query} AND ${ours}`, 1);
      expect({ name, found }).toEqual({ name, found: [id] });
    }
    expect(await listIds(env.temporal.client, `XeroNumber = "NO-SUCH" AND ${ours}`, 0)).toEqual([]);

    const story = await env.temporal.client.workflow.getHandle(id).query(storyQuery);
    expect(story).toContain(`Xero invoice ${invoice.number}: Up to date (last outcome: applied)`);

    // The CRM-to-Xero flow is findable from its first moment by the deal and the portal.
    const dispatchDeal = crmDealDispatcher(env.temporal.client, env.temporal.taskQueue, {
      installationOf: installationOfAccount(env.store.db),
    });
    await dispatchDeal([{ crm: 'hubspot', crmAccount: '606060', dealId: 'deal-7301', source: 'test' }]);
    const dealIds = await listIds(
      env.temporal.client,
      `CrmRecordId = "deal-7301" AND SyncAccount = "606060" AND Installation = "default" AND SyncFlow = "crm_to_xero" AND ${ours}`,
      1,
    );
    expect(dealIds).toEqual([crmDealWorkflowId('hubspot', '606060', 'deal-7301')]);
  });

  it('keeps tokens and customer details out of the raw history', async () => {
    const invoice = nextInvoice();
    await dispatchInvoice(env, invoice.id);
    await untilState(env, invoice.id, (s) => s.syncs === 1 && s.step === 'waiting');
    const contact = env.xero.store.contacts.get(invoice.contactId);
    const raw = await historyText(env.temporal.client.workflow.getHandle(invoiceWorkflowId(env, invoice.id)));
    expect(raw).toContain('binary/encrypted');
    for (const secret of [
      HS_TOKEN,
      env.sfAccess.accessToken,
      contact?.name,
      contact?.email,
      invoice.reference,
    ])
      if (secret) expect(raw).not.toContain(secret);
    // The invoice's total would be in a clear payload's JSON; encrypted, it is not.
    expect(raw).not.toContain(`"total":${invoice.total}`);
  });
});
