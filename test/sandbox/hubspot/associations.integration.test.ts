import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import { expectApiError, startHubSpot, UUID, type HubSpotHarness } from './harness';

const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('HubSpot emulator: associations v4', () => {
  let h: HubSpotHarness;
  beforeEach(async () => {
    h = await startHubSpot({ dataset: false });
  });
  afterEach(async () => h.close());

  async function records() {
    const crm = h.hubspot.crm;
    const company = await crm.companies.basicApi.create({ properties: { name: 'Acme' }, associations: [] });
    const deal = await crm.deals.basicApi.create({ properties: { dealname: 'D' }, associations: [] });
    const line = await crm.lineItems.basicApi.create({
      properties: { name: 'L', price: '10', quantity: '3' },
      associations: [],
    });
    return { company, deal, line };
  }

  it('creates a default association both ways with HubSpot type ids and reads it back', async () => {
    const { company, deal } = await records();
    const v4 = h.hubspot.crm.associations.v4;
    const created = await v4.basicApi.createDefault('deals', deal.id, 'companies', company.id);
    expect(created.status).toBe('COMPLETE');
    expect(created.results.map((r) => [r._from.id, r.to.id, r.associationSpec.associationTypeId])).toEqual([
      [deal.id, company.id, 341],
      [company.id, deal.id, 342],
    ]);
    expect(created.results[0]?.associationSpec.associationCategory).toBe('HUBSPOT_DEFINED');
    const fromDeal = await v4.basicApi.getPage('deals', deal.id, 'companies');
    expect(plain(fromDeal)).toEqual({
      results: [
        {
          toObjectId: Number(company.id),
          associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 341, label: null }],
        },
      ],
    });
    const fromCompany = await v4.basicApi.getPage('companies', company.id, 'deals');
    expect(fromCompany.results[0]?.associationTypes.map((t) => t.typeId)).toEqual([342]);
    const res = await h.hubspot.apiRequest({
      path: `/crm/v4/objects/deals/${deal.id}/associations/companies`,
    });
    expect(plain(fromDeal)).toEqual(await res.json());
  });

  it('creates labelled (primary) associations with PUT and reports their labels; deletes them', async () => {
    const { company, deal, line } = await records();
    const v4 = h.hubspot.crm.associations.v4;
    const pair = await v4.basicApi.create('deals', deal.id, 'companies', company.id, [
      { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 5 },
    ]);
    expect(plain(pair)).toEqual({
      fromObjectTypeId: '0-3',
      fromObjectId: Number(deal.id),
      toObjectTypeId: '0-2',
      toObjectId: Number(company.id),
      labels: ['Primary'],
    });
    expect(
      (await v4.basicApi.getPage('companies', company.id, 'deals')).results[0]?.associationTypes,
    ).toEqual([{ category: 'HUBSPOT_DEFINED', typeId: 6, label: 'Primary' }]);
    await v4.basicApi.create('line_items', line.id, 'deals', deal.id, [
      { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 20 },
    ]);
    expect(
      (await v4.basicApi.getPage('deals', deal.id, 'line_items')).results[0]?.associationTypes[0]?.typeId,
    ).toBe(19);
    const wrong = await expectApiError(
      v4.basicApi.create('deals', deal.id, 'companies', company.id, [
        { associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 20 },
      ]),
    );
    expect(wrong.code).toBe(400);
    expect(wrong.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR', correlationId: UUID });
    const missing = await expectApiError(v4.basicApi.createDefault('deals', deal.id, 'companies', '999999'));
    expect(missing.code).toBe(404);
    await v4.basicApi.archive('deals', deal.id, 'companies', company.id);
    expect((await v4.basicApi.getPage('deals', deal.id, 'companies')).results).toEqual([]);
    expect((await v4.basicApi.getPage('companies', company.id, 'deals')).results).toEqual([]);
  });

  it('creates with associations in the v3 create body and reads them on the object', async () => {
    const { company } = await records();
    const deal = await h.hubspot.crm.deals.basicApi.create({
      properties: { dealname: 'with company' },
      associations: [
        {
          to: { id: company.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined as never,
              associationTypeId: 5,
            },
          ],
        },
      ],
    });
    const read = await h.hubspot.crm.deals.basicApi.getById(deal.id, undefined, undefined, ['companies']);
    expect(read.associations?.companies?.results).toEqual([{ id: company.id, type: 'deal_to_company' }]);
  });

  it('batch create, read (207 for records without associations) and archive', async () => {
    const { company, deal } = await records();
    const other = await h.hubspot.crm.deals.basicApi.create({
      properties: { dealname: 'other' },
      associations: [],
    });
    const batch = h.hubspot.crm.associations.v4.batchApi;
    const created = await batch.create('deals', 'companies', {
      inputs: [
        {
          _from: { id: deal.id },
          to: { id: company.id },
          types: [
            {
              associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined,
              associationTypeId: 341,
            },
          ],
        },
      ],
    });
    expect(created.results).toHaveLength(1);
    const read = await batch.getPage('deals', 'companies', { inputs: [{ id: deal.id }, { id: other.id }] });
    expect(read.results.map((r) => r._from.id)).toEqual([deal.id]);
    expect(read.results[0]?.to[0]?.associationTypes[0]?.typeId).toBe(341);
    expect(read).toMatchObject({
      numErrors: 1,
      errors: [{ category: 'OBJECT_NOT_FOUND', context: { fromObjectId: [other.id] } }],
    });
    await batch.archive('deals', 'companies', {
      inputs: [{ _from: { id: deal.id }, to: [{ id: company.id }] }],
    });
    expect(
      (await h.hubspot.crm.associations.v4.basicApi.getPage('deals', deal.id, 'companies')).results,
    ).toEqual([]);
  });
});

describe('HubSpot emulator: pipelines, properties and the seeded portal', () => {
  let h: HubSpotHarness;
  beforeAll(async () => {
    h = await startHubSpot({
      dataset: { companies: 4, deals: 14, lineItemsPerDeal: 2, currencies: ['USD', 'EUR'] },
    });
  });
  afterAll(async () => h.close());

  it('serves the default deal pipeline, then a second, with stage probabilities and isClosed', async () => {
    const pipelines = await h.hubspot.crm.pipelines.pipelinesApi.getAll('deals');
    expect(pipelines.results.map((p) => p.label)).toEqual(['Sales Pipeline', 'Renewals']);
    const pipeline = pipelines.results[0]!;
    expect(pipeline).toMatchObject({
      id: 'default',
      label: 'Sales Pipeline',
      archived: false,
      createdAt: expect.any(Date),
    });
    expect(pipeline.stages.map((s) => [s.id, s.metadata?.probability, s.metadata?.isClosed])).toEqual([
      ['appointmentscheduled', '0.2', 'false'],
      ['qualifiedtobuy', '0.4', 'false'],
      ['presentationscheduled', '0.6', 'false'],
      ['decisionmakerboughtin', '0.8', 'false'],
      ['contractsent', '0.9', 'false'],
      ['closedwon', '1.0', 'true'],
      ['closedlost', '0.0', 'true'],
    ]);
    const res = await h.hubspot.apiRequest({ path: '/crm/v3/pipelines/deals' });
    expect(plain(pipelines)).toEqual(await res.json());
    expect((await expectApiError(h.hubspot.crm.pipelines.pipelinesApi.getById('deals', 'nope'))).code).toBe(
      404,
    );
  });

  it('lists and reads property definitions losslessly', async () => {
    const all = await h.hubspot.crm.properties.coreApi.getAll('deals');
    expect(all.results.map((p) => p.name)).toEqual(
      expect.arrayContaining(['dealname', 'dealstage', 'deal_currency_code']),
    );
    const stage = await h.hubspot.crm.properties.coreApi.getByName('deals', 'dealstage');
    expect(stage).toMatchObject({ type: 'enumeration', fieldType: 'select', hubspotDefined: true });
    expect(stage.options.map((o) => o.value)).toContain('closedwon');
    const res = await h.hubspot.apiRequest({ path: '/crm/v3/properties/deals/dealstage' });
    expect(plain(stage)).toEqual(await res.json());
    const missing = await expectApiError(h.hubspot.crm.properties.coreApi.getByName('deals', 'nope'));
    expect(missing.code).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('seeds deals at every stage, in several currencies, with line items and companies associated', async () => {
    const state = h.emulator.state() as { portals: Array<{ counts: Record<string, number> }> };
    expect(state.portals[0]?.counts).toMatchObject({ companies: 4, contacts: 8, deals: 14, line_items: 28 });
    const deals = await h.hubspot.crm.deals.basicApi.getPage(
      100,
      undefined,
      ['dealstage', 'deal_currency_code', 'amount'],
      undefined,
      ['line_items', 'companies'],
    );
    expect(new Set(deals.results.map((d) => d.properties.dealstage))).toEqual(
      new Set([
        'appointmentscheduled',
        'qualifiedtobuy',
        'presentationscheduled',
        'decisionmakerboughtin',
        'contractsent',
        'closedwon',
        'closedlost',
      ]),
    );
    expect(new Set(deals.results.map((d) => d.properties.deal_currency_code))).toEqual(
      new Set(['USD', 'EUR']),
    );
    for (const deal of deals.results) {
      expect(deal.associations?.line_items?.results).toHaveLength(2);
      expect(deal.associations?.companies?.results.map((r) => r.type)).toEqual([
        'deal_to_company',
        'deal_to_company_unlabeled',
      ]);
      const items = await h.hubspot.crm.lineItems.batchApi.read({
        inputs: deal.associations!.line_items!.results.map((r) => ({ id: r.id })),
        properties: ['amount'],
        propertiesWithHistory: [],
      });
      const total = items.results.reduce((sum, item) => sum + Number(item.properties.amount), 0);
      expect(total).toBe(Number(deal.properties.amount));
    }
  });

  it('is deterministic and reset() empties it', async () => {
    const { createHubspotEmulator } = await import('../../../sandbox/hubspot');
    const a = createHubspotEmulator();
    const b = createHubspotEmulator();
    a.seedDataset({ seed: 3 });
    b.seedDataset({ seed: 3 });
    const names = (e: typeof a) =>
      e
        .portal()
        .live('contacts')
        .map((r) => [r.id, r.properties.email]);
    expect(names(a)).toEqual(names(b));
    a.reset();
    expect(
      (a.state() as { portals: Array<{ counts: Record<string, number> }> }).portals[0]?.counts.deals,
    ).toBe(0);
    expect(() => a.seed({ deals: -1 })).toThrow();
  });
});
