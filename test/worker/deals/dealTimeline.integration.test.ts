import type { StoredOccurrence } from '../../../sandbox/hubspot/timeline';
import { xeroRecordWorkflowId } from '../../../workflows/xero/recordIds';
import { xeroRecordStateQuery } from '../../../workflows/xero/xeroRecordSync';
import { startThreeSandboxes, type ThreeSandboxes } from '../../support/threeSandboxes';
import { dealFlows, hubspotDeal, until } from './dealHarness';

/**
 * A won HubSpot deal's invoice, and each payment on it, appear once on the deal's timeline and once
 * on its company's: through the real Temporal server, the worker's activities and the emulator's app
 * events API; a lost answer, a rerun and a resync add nothing.
 */
describe('invoice and payment activity on HubSpot timelines', () => {
  let env: ThreeSandboxes;
  let flows: ReturnType<typeof dealFlows>;

  beforeAll(async () => {
    env = await startThreeSandboxes(
      { seed: 3131, contacts: 2, invoices: 2 },
      { settings: () => ({}), xeroRateLimits: { perMinute: 600 } },
    );
    flows = dealFlows(env);
  });
  afterAll(() => env.close());

  async function timelineOf(objectType: 'deals' | 'companies', objectId: string) {
    const url = `${env.servers.hubspot.url}/__sandbox/timeline/events?objectType=${objectType}&objectId=${objectId}`;
    return (await (await fetch(url)).json()) as StoredOccurrence[];
  }

  it('a won deal: one invoice event on deal and company; a payment one more; retried, no duplicates', async () => {
    const dealId = await hubspotDeal(env, 'Northwind rollout', {
      amount: '1500',
      deal_currency_code: 'USD',
      dealstage: 'closedwon',
    });
    const deal = await env.hs().crm.deals.basicApi.getById(dealId, [], undefined, ['companies']);
    const companyId = deal.associations?.companies?.results[0]?.id ?? '';
    expect(companyId).not.toBe('');
    // The first event's answer is lost after HubSpot stored it: the retry meets a 409 and is done.
    const lost = env.hubspot.faults.add({
      kind: 'drop',
      method: 'POST',
      pathPrefix: '/integrators/timeline/v4/events',
      afterHandler: true,
      count: 1,
    });
    await flows.notify('hubspot', dealId, 'webhook');
    const done = await flows.stateWhen('hubspot', dealId, (s) => s.runs >= 1 && !s.busy);
    expect(done.lastOutcome).toBe('invoiced');
    expect(env.hubspot.faults.list().find((f) => f.id === lost.id)?.fired).toBe(1);
    const invoiceId = done.xeroInvoiceId ?? '';
    const invoiceEvent = `xero-invoice-${invoiceId}-created`;
    expect((await timelineOf('deals', dealId)).map((e) => [e.eventTypeName, e.id])).toEqual([
      ['xero_activity_deal', invoiceEvent],
    ]);
    expect((await timelineOf('companies', companyId)).map((e) => [e.eventTypeName, e.id])).toEqual([
      ['xero_activity_company', invoiceEvent],
    ]);

    // A rerun of the deal (nothing changed) posts nothing new.
    await flows.notify('hubspot', dealId, 'retry');
    await flows.stateWhen('hubspot', dealId, (s) => s.runs >= 2 && !s.busy);
    expect(await timelineOf('deals', dealId)).toHaveLength(1);

    // A payment in Xero, synced onto the deal: one more event on each; a second sync adds none.
    const pay = await fetch(`${env.servers.xero.url}/__sandbox/invoices/${invoiceId}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 500 }),
    });
    expect(pay.status).toBe(200);
    const { paymentId } = (await pay.json()) as { paymentId: string };
    const handle = env.temporal.client.workflow.getHandle(
      xeroRecordWorkflowId(env.tenantId, 'INVOICE', invoiceId),
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
          resourceId: invoiceId,
          change: { eventType: 'UPDATE', eventDateUtc: new Date().toISOString(), source: 'webhook' },
        },
      ]);
      await until(async () => {
        const s = await handle.query(xeroRecordStateQuery).catch(() => undefined);
        return s && s.syncs > before && s.step !== 'syncing' ? true : undefined;
      }, 'the sync');
    };
    const timelinePosts = () =>
      env.servers.hubspot
        .requests()
        .filter((r) => r.method === 'POST' && r.path.startsWith('/integrators/timeline/')).length;
    await syncNow();
    const afterPayment = timelinePosts();
    // The second sync finds the payment already posted: it sends nothing to the timeline.
    await syncNow();
    expect(timelinePosts()).toBe(afterPayment);
    const expected = [invoiceEvent, `xero-payment-${paymentId}`];
    const onDeal = await timelineOf('deals', dealId);
    expect(onDeal.map((e) => e.id)).toEqual(expected);
    expect(onDeal[1]?.properties).toMatchObject({
      activity: 'paymentApplied',
      amount: 500,
      currencyCode: 'USD',
    });
    expect((await timelineOf('companies', companyId)).map((e) => e.id)).toEqual(expected);
  }, 120_000);
});
