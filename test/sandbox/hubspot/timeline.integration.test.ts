import type { Client } from '@hubspot/api-client';
import { HubspotTimeline } from '../../../worker/connectors/hubspot/hubspotTimeline';
import type { InvoiceActivity } from '../../../worker/connectors/hubspot/hubspotTimelineEvents';
import { anInvoice } from '../../factories/canonical';
import { SCOPES, startHubSpot, UUID, type HubSpotHarness } from './harness';

/** HubSpot's app events API as the emulator serves it, driven by the worker's connector class. */
describe('HubSpot emulator: app events (timeline)', () => {
  let h: HubSpotHarness;
  /** A client whose token holds the timeline scope (the harness's OAuth app does not request it). */
  let hub: Client;
  beforeEach(async () => {
    h = await startHubSpot({ dataset: false });
    h.emulator.registerStaticToken(h.emulator.defaultPortalId, 'timeline-test-token', [
      ...SCOPES,
      'timeline',
    ]);
    hub = h.clientWith('timeline-test-token');
  });
  afterEach(async () => h.close());

  async function dealWithCompany(): Promise<{ dealId: string; companyId: string }> {
    const crm = hub.crm;
    const company = await crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] });
    const deal = await crm.deals.basicApi.create({ properties: { dealname: 'D' }, associations: [] });
    await crm.associations.v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
    return { dealId: deal.id, companyId: company.id };
  }

  async function timelineOf(objectType: string, objectId: string): Promise<Array<Record<string, unknown>>> {
    const url = `${h.server.url}/__sandbox/timeline/events?objectType=${objectType}&objectId=${objectId}`;
    return (await (await fetch(url)).json()) as Array<Record<string, unknown>>;
  }

  const post = (body: unknown, client: Client = hub) =>
    client.apiRequest({ method: 'POST', path: '/integrators/timeline/v4/events', body });

  const invoice = anInvoice({ number: 'INV-9' });
  const created: InvoiceActivity = { kind: 'invoiceCreated', invoice };
  const paid: InvoiceActivity = {
    kind: 'paymentApplied',
    invoice,
    payment: { xeroPaymentId: '11111111-2222-4333-8444-555555555555', date: '2026-11-25', amount: 100 },
  };

  it('an invoice lands once on the deal and once on its company; retried, nothing more; a payment adds one', async () => {
    const { dealId, companyId } = await dealWithCompany();
    const timeline = new HubspotTimeline({ call: (fn) => fn(hub) });
    const first = await timeline.post(dealId, created);
    expect(first.posted.map((p) => [p.eventTypeName, p.objectId, p.outcome])).toEqual([
      ['xero_activity_deal', dealId, 'created'],
      ['xero_activity_company', companyId, 'created'],
    ]);
    const again = await timeline.post(dealId, created);
    expect(again.posted.map((p) => p.outcome)).toEqual(['exists', 'exists']);
    await timeline.post(dealId, paid);
    await timeline.post(dealId, paid);
    const onDeal = await timelineOf('deals', dealId);
    const onCompany = await timelineOf('companies', companyId);
    expect(onDeal.map((e) => e.id)).toEqual([
      first.eventId,
      'xero-payment-11111111-2222-4333-8444-555555555555',
    ]);
    expect(onCompany.map((e) => e.id)).toEqual(onDeal.map((e) => e.id));
    expect(onDeal[0]).toMatchObject({
      eventTypeName: 'xero_activity_deal',
      properties: { invoiceNumber: 'INV-9' },
    });
  });

  it("refuses what HubSpot refuses, in HubSpot's error shape", async () => {
    const { dealId } = await dealWithCompany();
    const valid = {
      eventTypeName: 'xero_activity_deal',
      objectId: dealId,
      id: 'e-1',
      properties: { invoiceNumber: 'A' },
    };
    expect((await post(valid)).status).toBe(201);

    const duplicate = await post(valid);
    expect(duplicate.status).toBe(409);
    expect(await duplicate.json()).toEqual({
      status: 'error',
      category: 'CONFLICT',
      message: 'An event with id e-1 already exists.',
      correlationId: UUID,
    });
    const unknownType = await post({ ...valid, id: 'e-2', eventTypeName: 'no_such_type' });
    expect([unknownType.status, ((await unknownType.json()) as { category: string }).category]).toEqual([
      404,
      'OBJECT_NOT_FOUND',
    ]);
    const cases: Array<[unknown, number]> = [
      [{ ...valid, id: 'e-3', properties: { undeclared: 'x' } }, 400],
      [{ ...valid, id: 'e-4', properties: { activity: 'refunded' } }, 400],
      [{ ...valid, id: 'e-5', properties: { amount: '12' } }, 400],
      [{ ...valid, id: 'e-6', objectId: undefined }, 400],
      [{ ...valid, id: 'e-7', objectId: '999999' }, 404],
      [{ ...valid, id: 'e-8', tokens: {} }, 400],
    ];
    for (const [body, status] of cases) expect([body, (await post(body)).status]).toEqual([body, status]);
    // The deal event type does not take a company's ID.
    const company = await hub.crm.companies.basicApi.create({
      properties: { name: 'B' },
      associations: [],
    });
    expect((await post({ ...valid, id: 'e-9', objectId: company.id })).status).toBe(404);
    expect(await timelineOf('deals', dealId)).toHaveLength(1);
  });

  it('needs the timeline scope', async () => {
    const { dealId } = await dealWithCompany();
    const res = await post({ eventTypeName: 'xero_activity_deal', objectId: dealId, id: 'x' }, h.hubspot);
    expect([res.status, ((await res.json()) as { category: string }).category]).toEqual([
      403,
      'MISSING_SCOPES',
    ]);
    expect(await timelineOf('deals', dealId)).toEqual([]);
  });
});
