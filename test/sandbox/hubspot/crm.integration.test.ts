import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/deals';
import {
  PropertyCreateFieldTypeEnum,
  PropertyCreateTypeEnum,
} from '@hubspot/api-client/lib/codegen/crm/properties';
import { expectApiError, startHubSpot, UUID, type HubSpotHarness } from './harness';

const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

/** Reads the same URL raw (through the SDK's apiRequest) to prove the typed call dropped nothing. */
async function raw(
  h: HubSpotHarness,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<unknown> {
  const res = await h.hubspot.apiRequest({
    path,
    method: init.method ?? 'GET',
    ...(init.body ? { body: init.body } : {}),
  });
  return res.json();
}
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

async function createInvoiceIdProperty(h: HubSpotHarness) {
  return h.hubspot.crm.properties.coreApi.create('deals', {
    name: 'xero_invoice_id',
    label: 'Xero invoice ID',
    type: PropertyCreateTypeEnum.String,
    fieldType: PropertyCreateFieldTypeEnum.Text,
    groupName: 'dealinformation',
    hasUniqueValue: true,
  });
}

describe('HubSpot emulator: CRM objects', () => {
  let h: HubSpotHarness;
  beforeEach(async () => {
    h = await startHubSpot({ dataset: { companies: 3, deals: 7, lineItemsPerDeal: 1 } });
  });
  afterEach(async () => h.close());

  it('creates, reads, updates and archives a deal; values are strings and timestamps maintained', async () => {
    const deals = h.hubspot.crm.deals.basicApi;
    const created = await deals.create({
      properties: {
        dealname: 'Big one',
        amount: '1500.50',
        dealstage: 'qualifiedtobuy',
        pipeline: 'default',
      },
      associations: [],
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^\d+$/),
      properties: {
        amount: '1500.50',
        createdate: ISO,
        dealname: 'Big one',
        dealstage: 'qualifiedtobuy',
        hs_lastmodifieddate: ISO,
        hs_object_id: created.id,
        pipeline: 'default',
      },
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
      archived: false,
    });
    const read = await deals.getById(created.id, ['dealname', 'amount', 'closedate', 'hs_is_closed_won']);
    expect(read.properties).toEqual({
      amount: '1500.50',
      closedate: null,
      createdate: ISO,
      dealname: 'Big one',
      hs_is_closed_won: 'false',
      hs_lastmodifieddate: ISO,
      hs_object_id: created.id,
    });
    expect(plain(read)).toEqual(
      await raw(
        h,
        `/crm/v3/objects/deals/${created.id}?properties=dealname,amount,closedate,hs_is_closed_won`,
      ),
    );

    h.emulator.clock.advance(1000);
    const updated = await deals.update(created.id, { properties: { dealstage: 'closedwon' } });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    expect((await deals.getById(created.id, ['hs_is_closed_won'])).properties.hs_is_closed_won).toBe('true');

    await deals.archive(created.id);
    const gone = await expectApiError(deals.getById(created.id));
    expect(gone.code).toBe(404);
    expect(gone.body).toEqual({
      status: 'error',
      message: 'Object not found.  objectId are usually numeric.',
      correlationId: UUID,
      category: 'OBJECT_NOT_FOUND',
      context: { id: [created.id] },
    });
    const archived = await deals.getById(created.id, undefined, undefined, undefined, true);
    expect(archived).toMatchObject({ archived: true, archivedAt: expect.any(Date) });
  });

  it('reads and updates by a unique idProperty (a custom xero_invoice_id)', async () => {
    const property = await createInvoiceIdProperty(h);
    expect(property).toMatchObject({
      name: 'xero_invoice_id',
      hasUniqueValue: true,
      type: 'string',
      fieldType: 'text',
    });
    const deals = h.hubspot.crm.deals.basicApi;
    const created = await deals.create({
      properties: { dealname: 'INV-0001', xero_invoice_id: 'inv-abc' },
      associations: [],
    });
    const byInvoice = await deals.getById(
      'inv-abc',
      ['dealname'],
      undefined,
      undefined,
      false,
      'xero_invoice_id',
    );
    expect(byInvoice.id).toBe(created.id);
    await deals.update('inv-abc', { properties: { amount: '99' } }, 'xero_invoice_id');
    expect((await deals.getById(created.id, ['amount'])).properties.amount).toBe('99');
    const notUnique = await expectApiError(
      deals.getById('x', undefined, undefined, undefined, false, 'dealname'),
    );
    expect(notUnique.code).toBe(400);
    expect(notUnique.body.category).toBe('VALIDATION_ERROR');
  });

  it('refuses an unknown property with 400 PROPERTY_DOESNT_EXIST and a duplicate unique value with 409 CONFLICT', async () => {
    const deals = h.hubspot.crm.deals.basicApi;
    const unknown = await expectApiError(
      deals.create({ properties: { dealname: 'x', nope: '1' }, associations: [] }),
    );
    expect(unknown.code).toBe(400);
    expect(unknown.body).toEqual({
      status: 'error',
      message: expect.stringMatching(/^Property values were not valid: \[/),
      correlationId: UUID,
      category: 'VALIDATION_ERROR',
    });
    const details = JSON.parse(
      String(unknown.body.message).replace('Property values were not valid: ', ''),
    ) as unknown;
    expect(details).toEqual([
      {
        isValid: false,
        message: 'Property "nope" does not exist',
        error: 'PROPERTY_DOESNT_EXIST',
        name: 'nope',
        localizedErrorMessage: 'Property "nope" does not exist',
      },
    ]);
    const badStage = await expectApiError(
      deals.create({ properties: { dealstage: 'won-ish' }, associations: [] }),
    );
    expect(badStage.body.message).toContain('INVALID_OPTION');

    await createInvoiceIdProperty(h);
    const first = await deals.create({ properties: { xero_invoice_id: 'inv-1' }, associations: [] });
    const dup = await expectApiError(
      deals.create({ properties: { xero_invoice_id: 'inv-1' }, associations: [] }),
    );
    expect(dup.code).toBe(409);
    expect(dup.body).toEqual({
      status: 'error',
      message: `Deal with xero_invoice_id 'inv-1' already exists. Existing ID: ${first.id}`,
      correlationId: UUID,
      category: 'CONFLICT',
    });
    const dupProperty = await expectApiError(createInvoiceIdProperty(h));
    expect(dupProperty.code).toBe(409);
    expect(dupProperty.body.category).toBe('CONFLICT');
  });

  it('lists with after paging, next.link, properties and associations', async () => {
    const deals = h.hubspot.crm.deals.basicApi;
    const first = await deals.getPage(3, undefined, ['dealname'], undefined, ['companies']);
    expect(first.results).toHaveLength(3);
    expect(first.paging?.next?.after).toBeDefined();
    expect(first.paging?.next?.link).toContain(`after=${first.paging?.next?.after}`);
    expect(first.results[0]?.associations?.companies?.results).toEqual([
      { id: expect.any(String), type: 'deal_to_company' },
      { id: expect.any(String), type: 'deal_to_company_unlabeled' },
    ]);
    expect(plain(first)).toEqual(
      await raw(h, '/crm/v3/objects/deals?limit=3&properties=dealname&associations=companies'),
    );
    const seen = [...first.results.map((r) => r.id)];
    let after = first.paging?.next?.after;
    while (after) {
      const page = await deals.getPage(3, after);
      seen.push(...page.results.map((r) => r.id));
      after = page.paging?.next?.after;
    }
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
  });

  it('batch create/read/update/upsert/archive, with 207 for missing ids, upsert new flags and 400 over 100 inputs', async () => {
    await createInvoiceIdProperty(h);
    const batch = h.hubspot.crm.deals.batchApi;
    const created = await batch.create({
      inputs: [
        { properties: { dealname: 'B1', xero_invoice_id: 'inv-b1' }, associations: [] },
        { properties: { dealname: 'B2', xero_invoice_id: 'inv-b2' }, associations: [] },
      ],
    });
    expect(created).toMatchObject({
      status: 'COMPLETE',
      startedAt: expect.any(Date),
      completedAt: expect.any(Date),
    });
    expect(created.results.map((r) => r.properties.dealname)).toEqual(['B1', 'B2']);

    const read = await batch.read({
      inputs: [{ id: 'inv-b1' }, { id: 'inv-missing' }],
      idProperty: 'xero_invoice_id',
      properties: ['dealname'],
      propertiesWithHistory: [],
    });
    expect(read.results.map((r) => r.properties.dealname)).toEqual(['B1']);
    expect(read).toMatchObject({
      status: 'COMPLETE',
      numErrors: 1,
      errors: [{ status: 'error', category: 'OBJECT_NOT_FOUND', context: { ids: ['inv-missing'] } }],
    });

    const updated = await batch.update({
      inputs: [
        { id: created.results[0]!.id, properties: { amount: '10' } },
        { id: '999999', properties: { amount: '1' } },
      ],
    });
    expect(updated.results.map((r) => r.properties.amount)).toEqual(['10']);
    expect(updated).toMatchObject({ numErrors: 1 });

    const upserted = await batch.upsert({
      inputs: [
        { id: 'inv-b2', idProperty: 'xero_invoice_id', properties: { amount: '20' } },
        { id: 'inv-b3', idProperty: 'xero_invoice_id', properties: { dealname: 'B3', amount: '30' } },
      ],
    });
    expect(upserted.results.map((r) => [r.properties.xero_invoice_id ?? r.id, r._new])).toHaveLength(2);
    expect(upserted.results.map((r) => ({ id: r.id, new: r._new }))).toEqual([
      { id: created.results[1]!.id, new: false },
      { id: expect.any(String), new: true },
    ]);
    const b3 = await h.hubspot.crm.deals.basicApi.getById(
      'inv-b3',
      ['dealname', 'xero_invoice_id'],
      undefined,
      undefined,
      false,
      'xero_invoice_id',
    );
    expect(b3.properties).toMatchObject({ dealname: 'B3', xero_invoice_id: 'inv-b3' });

    const tooMany = await expectApiError(
      batch.create({
        inputs: Array.from({ length: 101 }, (_, i) => ({
          properties: { dealname: `D${i}` },
          associations: [],
        })),
      }),
    );
    expect(tooMany.code).toBe(400);
    expect(tooMany.body).toMatchObject({
      status: 'error',
      category: 'VALIDATION_ERROR',
      correlationId: UUID,
    });

    const invalid = await expectApiError(
      batch.create({
        inputs: [
          { properties: { dealname: 'ok' }, associations: [] },
          { properties: { bogus: '1' }, associations: [] },
        ],
      }),
    );
    expect(invalid.code).toBe(400);
    expect((await h.hubspot.crm.deals.searchApi.doSearch({ query: 'ok', limit: 10 })).total).toBe(0);

    await batch.archive({ inputs: [{ id: created.results[0]!.id }] });
    expect((await expectApiError(h.hubspot.crm.deals.basicApi.getById(created.results[0]!.id))).code).toBe(
      404,
    );
  });
  it('serves tasks and notes (engagements) and the generic objects API; an unknown type is a 400', async () => {
    const task = await h.hubspot.crm.objects.tasks.basicApi.create({
      properties: {
        hs_task_subject: 'Chase invoice',
        hs_task_status: 'NOT_STARTED',
        hs_timestamp: '1798761600000',
      },
      associations: [],
    });
    expect(task.properties).toMatchObject({
      hs_task_subject: 'Chase invoice',
      hs_timestamp: '2027-01-01T00:00:00.000Z',
    });
    const note = await h.hubspot.crm.objects.notes.basicApi.create({
      properties: { hs_note_body: 'n' },
      associations: [],
    });
    expect(note.properties.hs_note_body).toBe('n');
    const viaGeneric = await h.hubspot.crm.objects.basicApi.getById('tasks', task.id, ['hs_task_subject']);
    expect(viaGeneric.properties.hs_task_subject).toBe('Chase invoice');
    const byTypeId = await h.hubspot.crm.objects.basicApi.getById(
      '0-3',
      (await h.hubspot.crm.deals.basicApi.getPage(1)).results[0]!.id,
    );
    expect(byTypeId.properties.dealname).toBeDefined();
    const unknown = await expectApiError(h.hubspot.crm.objects.basicApi.getPage('widgets'));
    expect(unknown.code).toBe(400);
    expect(unknown.body).toMatchObject({
      category: 'VALIDATION_ERROR',
      message: 'Unable to infer object type from: widgets',
    });
    const unauthenticated = await expectApiError(h.clientWith().crm.objects.basicApi.getPage('widgets'));
    expect(unauthenticated.code).toBe(401);
  });
});

describe('HubSpot emulator: search', () => {
  let h: HubSpotHarness;
  beforeAll(async () => {
    h = await startHubSpot({ dataset: false, rateLimits: { searchPerSecond: 1000 } });
    const inputs = Array.from({ length: 25 }, (_, i) => ({
      properties: {
        dealname: `Search deal ${i} ${i % 2 === 0 ? 'alpha' : 'beta'}`,
        amount: String(i * 100),
        dealstage: i < 5 ? 'closedwon' : 'appointmentscheduled',
        ...(i % 5 === 0 ? { description: 'has description' } : {}),
      },
      associations: [],
    }));
    await h.hubspot.crm.deals.batchApi.create({ inputs });
  });
  afterAll(async () => h.close());

  const search = (
    filters: Array<{ propertyName: string; operator: FilterOperatorEnum; value?: string; values?: string[] }>,
    extra = {},
  ) =>
    h.hubspot.crm.deals.searchApi.doSearch({
      filterGroups: [{ filters }],
      properties: ['dealname', 'amount'],
      limit: 100,
      ...extra,
    });

  it.each([
    [FilterOperatorEnum.Eq, { value: '300' }, 1],
    [FilterOperatorEnum.Neq, { value: '300' }, 24],
    [FilterOperatorEnum.Lt, { value: '300' }, 3],
    [FilterOperatorEnum.Lte, { value: '300' }, 4],
    [FilterOperatorEnum.Gt, { value: '2000' }, 4],
    [FilterOperatorEnum.Gte, { value: '2000' }, 5],
    [FilterOperatorEnum.In, { values: ['100', '200', '12345'] }, 2],
    [FilterOperatorEnum.NotIn, { values: ['100', '200'] }, 23],
  ])('amount %s', async (operator, value, count) => {
    const result = await search([{ propertyName: 'amount', operator, ...value }]);
    expect(result.total).toBe(count);
    expect(result.results).toHaveLength(count);
  });

  it('HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN and OR-ed filter groups', async () => {
    expect(
      (await search([{ propertyName: 'description', operator: FilterOperatorEnum.HasProperty }])).total,
    ).toBe(5);
    expect(
      (await search([{ propertyName: 'description', operator: FilterOperatorEnum.NotHasProperty }])).total,
    ).toBe(20);
    expect(
      (
        await search([
          { propertyName: 'dealname', operator: FilterOperatorEnum.ContainsToken, value: 'alpha' },
        ])
      ).total,
    ).toBe(13);
    expect(
      (
        await search([
          { propertyName: 'dealname', operator: FilterOperatorEnum.ContainsToken, value: 'alp*' },
        ])
      ).total,
    ).toBe(0);
    expect(
      (
        await search([
          { propertyName: 'dealname', operator: FilterOperatorEnum.ContainsToken, value: '*alpha' },
        ])
      ).total,
    ).toBe(13);
    const either = await h.hubspot.crm.deals.searchApi.doSearch({
      filterGroups: [
        { filters: [{ propertyName: 'dealstage', operator: FilterOperatorEnum.Eq, value: 'closedwon' }] },
        { filters: [{ propertyName: 'amount', operator: FilterOperatorEnum.Gte, value: '2400' }] },
      ],
      limit: 100,
    });
    expect(either.total).toBe(6);
  });

  it('sorts, pages with after and caps limit at 200', async () => {
    const first = await h.hubspot.crm.deals.searchApi.doSearch({
      sorts: [JSON.stringify({ propertyName: 'amount', direction: 'DESCENDING' })],
      properties: ['amount'],
      limit: 10,
    });
    expect(first.total).toBe(25);
    expect(first.results.map((r) => r.properties.amount)).toEqual(
      Array.from({ length: 10 }, (_, i) => String((24 - i) * 100)),
    );
    expect(plain(first)).toEqual(
      await raw(h, '/crm/v3/objects/deals/search', {
        method: 'POST',
        body: {
          sorts: [{ propertyName: 'amount', direction: 'DESCENDING' }],
          properties: ['amount'],
          limit: 10,
        },
      }),
    );
    const amounts: string[] = [];
    let after: string | undefined;
    do {
      const page = await h.hubspot.crm.deals.searchApi.doSearch({
        sorts: ['amount'],
        properties: ['amount'],
        limit: 10,
        ...(after ? { after } : {}),
      });
      amounts.push(...page.results.map((r) => r.properties.amount ?? ''));
      after = page.paging?.next?.after;
    } while (after);
    expect(amounts).toEqual(Array.from({ length: 25 }, (_, i) => String(i * 100)));
    const tooBig = await expectApiError(h.hubspot.crm.deals.searchApi.doSearch({ limit: 201 }));
    expect(tooBig.code).toBe(400);
    expect(tooBig.body.category).toBe('VALIDATION_ERROR');
    const beyond = await expectApiError(
      h.hubspot.crm.deals.searchApi.doSearch({ limit: 100, after: '9950' }),
    );
    expect(beyond.code).toBe(400);
  });
});
