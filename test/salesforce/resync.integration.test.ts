import { crmDealWorkflowId } from '../../workflows/crm/dealIds';
import { referenceWithoutIntent } from '../../workflows/domain/invoiceIntent';
import { registerSalesforceWebhookRoute } from '../../worker/ingress/salesforceWebhookRoute';
import { startIngress, type Ingress } from '../../worker/ingress/server';
import { createLogger } from '../../worker/logger';
import { crmDealDispatcher } from '../../worker/webhooks/crmDealDispatcher';
import { freePort } from '../support/ports';
import { startThreeSandboxes, type ThreeSandboxes } from '../support/threeSandboxes';

const SECRET = 'resync-named-credential-secret';

/**
 * The Opportunity page's re-sync button: the LWC calls Apex LedgerbridgeResync.requestResync, which
 * sends the signed notice (reason "resync") through the named credential; the worker's Salesforce
 * route verifies it and starts the deal's workflow, which invoices a won deal whose Closed Won
 * notice was lost. The Salesforce sandbox stands in for the Apex method; ingress, Temporal,
 * xero-node and jsforce are real.
 */
describe('re-sync requested from the Opportunity page', () => {
  let env: ThreeSandboxes;
  let ingress: Ingress;
  let apexUrl: string;

  beforeAll(async () => {
    env = await startThreeSandboxes({ seed: 4242, contacts: 2, invoices: 2 });
    const port = await freePort();
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
          registerSalesforceWebhookRoute(router, {
            secret: SECRET,
            dispatch: crmDealDispatcher(env.temporal.client, env.temporal.taskQueue),
            logger,
          }),
      ],
    });
    apexUrl = `${env.servers.salesforce.url}/__sandbox/apex/LedgerbridgeResync/requestResync`;
    env.salesforce.configureOutbound({ targetUrl: `${ingress.url}/webhooks/salesforce`, secret: SECRET });
  });
  afterAll(async () => {
    await ingress.close();
    await env.close();
  });

  const requestResync = (opportunityId: string) =>
    fetch(apexUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ opportunityId }),
    });

  async function wonOpportunityWithoutNotice(name: string): Promise<string> {
    const sf = env.sf();
    const account = await sf.sobject('Account').create({ Name: `${name} Pty` });
    // Saved while the callout target is away: the Closed Won notice is lost, as when the org
    // could not reach the worker.
    env.salesforce.configureOutbound(undefined);
    const opp = await sf.sobject('Opportunity').create({
      Name: name,
      StageName: 'Negotiation/Review',
      CloseDate: '2026-11-18',
      AccountId: 'id' in account ? account.id : '',
    });
    const oppId = ('id' in opp && opp.id) || '';
    await sf
      .sobject('OpportunityLineItem')
      .create({ OpportunityId: oppId, Description: 'Audit', Quantity: 2, UnitPrice: 400 });
    await sf.sobject('Opportunity').update({ Id: oppId, StageName: 'Closed Won' });
    env.salesforce.configureOutbound({
      targetUrl: `${ingress.url}/webhooks/salesforce`,
      secret: SECRET,
    });
    return oppId;
  }

  async function invoiceNumberOf(oppId: string, ms = 60_000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const row = (
        await env
          .sf()
          .query<{ Xero_Invoice_Number__c: string | null }>(
            `SELECT Xero_Invoice_Number__c FROM Opportunity WHERE Id = '${oppId}'`,
          )
      ).records[0];
      if (row?.Xero_Invoice_Number__c) return row.Xero_Invoice_Number__c;
      if (Date.now() > deadline) throw new Error(`no invoice on ${oppId}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('invoices a won deal whose Closed Won notice never reached the worker', async () => {
    const name = 'Contoso audit';
    const oppId = await wonOpportunityWithoutNotice(name);
    expect(env.salesforce.outbound.deliveries()).toHaveLength(0);

    const res = await requestResync(oppId);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: 'Re-sync requested' });

    const number = await invoiceNumberOf(oppId);
    const invoices = [...env.xero.store.invoices.values()].filter((i) => i.number === number);
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.total).toBeGreaterThanOrEqual(800);
    const workflow = env.temporal.client.workflow.getHandle(
      crmDealWorkflowId('salesforce', env.salesforce.store.orgId, oppId),
    );
    expect((await workflow.describe()).type).toBe('dealToXeroWorkflow');
    const [delivery] = env.salesforce.outbound.deliveries();
    expect(JSON.parse(String(delivery?.body))).toMatchObject({ reason: 'resync', recordId: oppId });
    expect(delivery?.delivered).toBe(true);

    // Asking again changes nothing in Xero: the deal's workflow does nothing twice.
    expect((await requestResync(oppId)).status).toBe(200);
    await env.salesforce.outbound.idle();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(
      [...env.xero.store.invoices.values()].filter((i) => referenceWithoutIntent(i.reference ?? '') === name),
    ).toHaveLength(1);
  }, 90_000);

  it('refuses a record that is not an opportunity, and says so when no secret is set', async () => {
    const account = await env.sf().sobject('Account').create({ Name: 'Not a deal' });
    const wrong = await requestResync('id' in account ? String(account.id) : '');
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      message: 'This opportunity no longer exists or you cannot see it.',
    });

    const oppId = env.salesforce.org().opportunityIds[0] ?? '';
    env.salesforce.configureOutbound(undefined);
    const unset = await requestResync(oppId);
    expect(unset.status).toBe(400);
    expect(await unset.json()).toEqual({
      message: 'Ledgerbridge is not connected yet: an admin has to set the signing secret.',
    });
  });
});
