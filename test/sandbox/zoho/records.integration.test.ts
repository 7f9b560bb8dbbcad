import { orgIn, startZoho, type Connection, type ZohoHarness } from './harness';

type Row = Record<string, unknown>;
const rows = (body: Row | undefined) => (body?.data ?? []) as Row[];

describe('Zoho emulator: records, upsert and duplicates', () => {
  let h: ZohoHarness;
  let api: Connection;
  let orgId: string;
  beforeEach(async () => {
    h = await startZoho();
    ({ orgId, connection: api } = await orgIn(h, 'eu'));
  });
  afterEach(async () => h.close());

  it('creates, reads, updates and deletes with v8’s action and response wrappers', async () => {
    const created = await api.call('POST', '/crm/v8/Accounts', {
      data: [{ Account_Name: 'Acme Ltd', Xero_Contact_ID: 'xc-1', Monthly_Billing: true }],
    });
    expect(created.status).toBe(201);
    const [success] = rows(created.body);
    expect(success).toMatchObject({
      code: 'SUCCESS',
      message: 'record added',
      status: 'success',
      details: { id: expect.stringMatching(/^\d{19}$/), Created_Time: '2026-01-31T12:00:00+00:00' },
    });
    const id = String((success?.details as Row).id);
    const deal = await api.call('POST', '/crm/v8/Deals', {
      data: [{ Deal_Name: 'Acme renewal', Stage: 'Qualification', Amount: 1200.5, Account_Name: { id } }],
    });
    const dealId = String((rows(deal.body)[0]?.details as Row).id);
    const read = await api.call('GET', `/crm/v8/Deals/${dealId}`);
    expect(rows(read.body)[0]).toMatchObject({
      id: dealId,
      Amount: 1200.5,
      Account_Name: { name: 'Acme Ltd', id },
    });

    h.clock.advance(5_000);
    const updated = await api.call('PUT', `/crm/v8/Deals/${dealId}`, { data: [{ Stage: 'Closed Won' }] });
    expect(updated.status).toBe(200);
    expect(rows(updated.body)[0]).toMatchObject({
      message: 'record updated',
      details: { Modified_Time: '2026-01-31T12:00:05+00:00' },
    });
    expect(h.emulator.records(orgId, 'Deals')[0]).toMatchObject({
      Stage: 'Closed Won',
      Deal_Name: 'Acme renewal',
    });

    const deleted = await api.call('DELETE', `/crm/v8/Deals/${dealId}`);
    expect(rows(deleted.body)[0]).toEqual({
      code: 'SUCCESS',
      details: { id: dealId },
      message: 'record deleted',
      status: 'success',
    });
    expect((await api.call('GET', `/crm/v8/Deals/${dealId}`)).status).toBe(204);
  });

  it('answers per record: INVALID_DATA naming the field, MANDATORY_NOT_FOUND, and 207 when some succeed', async () => {
    const mixed = await api.call('POST', '/crm/v8/Deals', {
      data: [
        { Deal_Name: 'Good', Stage: 'Qualification' },
        { Deal_Name: 'Bad amount', Stage: 'Qualification', Amount: 'lots' },
        { Stage: 'Qualification' },
        { Deal_Name: 'Dangling', Stage: 'Qualification', Account_Name: { id: '1234567890123456789' } },
      ],
    });
    expect(mixed.status).toBe(207);
    const [good, amount, missing, dangling] = rows(mixed.body);
    expect(good).toMatchObject({ status: 'success' });
    expect(amount).toEqual({
      code: 'INVALID_DATA',
      details: { api_name: 'Amount', json_path: '$.data[1].Amount', expected_data_type: 'double' },
      message: 'invalid data',
      status: 'error',
    });
    expect(missing).toMatchObject({ code: 'MANDATORY_NOT_FOUND', details: { api_name: 'Deal_Name' } });
    expect(dangling).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'Account_Name' } });
    expect(h.emulator.records(orgId, 'Deals')).toHaveLength(1);
    const unknown = await api.call('GET', '/crm/v8/Invoicez?fields=id');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'INVALID_MODULE' });
  });

  it('refuses a unique value another record holds (DUPLICATE_DATA) and upserts by duplicate_check_fields', async () => {
    const first = h.emulator.seedRecord(orgId, 'Accounts', {
      Account_Name: 'Acme Ltd',
      Xero_Contact_ID: 'XC-1',
    });
    const dup = await api.call('POST', '/crm/v8/Accounts', {
      data: [{ Account_Name: 'Acme again', Xero_Contact_ID: 'xc-1' }],
    });
    expect(dup.status).toBe(400);
    expect(rows(dup.body)[0]).toMatchObject({
      code: 'DUPLICATE_DATA',
      message: 'duplicate data',
      details: {
        api_name: 'Xero_Contact_ID',
        json_path: '$.data[0].Xero_Contact_ID',
        duplicate_record: { id: first.id, module: { api_name: 'Accounts' } },
      },
    });
    const upsert = await api.call('POST', '/crm/v8/Accounts/upsert', {
      data: [
        { Account_Name: 'Acme Limited', Xero_Contact_ID: 'XC-1', Xero_Outstanding_Balance: 250 },
        { Account_Name: 'Bravo', Xero_Contact_ID: 'XC-2' },
      ],
      duplicate_check_fields: ['Xero_Contact_ID'],
    });
    expect(upsert.status).toBe(200);
    expect(rows(upsert.body).map((r) => [r.action, r.duplicate_field, r.message])).toEqual([
      ['update', 'Xero_Contact_ID', 'record updated'],
      ['insert', null, 'record added'],
    ]);
    expect((rows(upsert.body)[0]?.details as Row).id).toBe(first.id);
    const accounts = h.emulator
      .records(orgId, 'Accounts')
      .map((a) => [a.Account_Name, a.Xero_Outstanding_Balance]);
    expect(accounts).toEqual([
      ['Acme Limited', 250],
      ['Bravo', null],
    ]);
  });

  it('lists with mandatory fields=, page/per_page then page_token, and If-Modified-Since (304 when nothing changed)', async () => {
    for (let i = 1; i <= 5; i++) {
      h.emulator.seedRecord(orgId, 'Accounts', { Account_Name: `Customer ${i}` });
      h.clock.advance(1_000);
    }
    const noFields = await api.call('GET', '/crm/v8/Accounts');
    expect(noFields.status).toBe(400);
    expect(noFields.body).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
    });
    const first = await api.call(
      'GET',
      '/crm/v8/Accounts?fields=Account_Name&per_page=2&sort_by=Created_Time&sort_order=asc',
    );
    expect(rows(first.body).map((r) => r.Account_Name)).toEqual(['Customer 1', 'Customer 2']);
    expect(rows(first.body)[0]).toEqual({ id: expect.any(String), Account_Name: 'Customer 1' });
    const info = first.body?.info as Row;
    expect(info).toMatchObject({
      per_page: 2,
      count: 2,
      page: 1,
      more_records: true,
      sort_by: 'Created_Time',
      sort_order: 'asc',
    });
    const second = await api.call(
      'GET',
      `/crm/v8/Accounts?fields=Account_Name&per_page=2&page_token=${String(info.next_page_token)}`,
    );
    expect(rows(second.body).map((r) => r.Account_Name)).toEqual(['Customer 3', 'Customer 4']);
    const beyond = await api.call('GET', '/crm/v8/Accounts?fields=Account_Name&per_page=200&page=11');
    expect(beyond.body).toMatchObject({ code: 'LIMIT_REACHED' });

    const since = { 'if-modified-since': '2026-01-31T12:00:02+00:00' };
    const changed = await api.call(
      'GET',
      '/crm/v8/Accounts?fields=Account_Name&sort_order=asc',
      undefined,
      since,
    );
    expect(rows(changed.body).map((r) => r.Account_Name)).toEqual(['Customer 4', 'Customer 5']);
    const later = { 'if-modified-since': '2026-01-31T13:00:00+00:00' };
    expect((await api.call('GET', '/crm/v8/Accounts?fields=Account_Name', undefined, later)).status).toBe(
      304,
    );
  });

  it('links Tasks and Notes to a parent of several modules through What_Id/$se_module and Parent_Id', async () => {
    const account = h.emulator.seedRecord(orgId, 'Accounts', { Account_Name: 'Acme Ltd' });
    const task = await api.call('POST', '/crm/v8/Tasks', {
      data: [
        {
          Subject: 'Order 17 refused: total mismatch',
          What_Id: { id: account.id },
          $se_module: 'Accounts',
          Priority: 'High',
        },
      ],
    });
    expect(task.status).toBe(201);
    expect(h.emulator.records(orgId, 'Tasks')[0]).toMatchObject({
      What_Id: { name: 'Acme Ltd', id: account.id },
      $se_module: 'Accounts',
      Owner: { email: expect.stringContaining('@') },
    });
    const note = await api.call('POST', '/crm/v8/Notes', {
      data: [
        { Note_Content: 'Invoiced in Xero', Parent_Id: { module: { api_name: 'Accounts' }, id: account.id } },
      ],
    });
    expect(note.status).toBe(201);
    const orphan = await api.call('POST', '/crm/v8/Tasks', {
      data: [{ Subject: 'No module', What_Id: { id: account.id } }],
    });
    expect(rows(orphan.body)[0]).toMatchObject({ code: 'INVALID_DATA', details: { api_name: 'What_Id' } });
  });

  it('describes fields, custom ones included, for every module', async () => {
    const fields = await api.call('GET', '/crm/v8/settings/fields?module=Accounts');
    const byName = new Map((fields.body?.fields as Row[]).map((f) => [f.api_name, f]));
    expect(byName.get('Xero_Contact_ID')).toMatchObject({
      data_type: 'text',
      custom_field: true,
      unique: { casesensitive: 'false' },
    });
    expect(byName.get('Monthly_Billing')).toMatchObject({
      data_type: 'boolean',
      json_type: 'boolean',
      custom_field: true,
    });
    expect(byName.get('Account_Name')).toMatchObject({ system_mandatory: true, custom_field: false });
    const invoices = await api.call('GET', '/crm/v8/settings/fields?module=Xero_Invoices');
    const account = (invoices.body?.fields as Row[]).find((f) => f.api_name === 'Account');
    expect(account).toMatchObject({ data_type: 'lookup', lookup: { module: { api_name: 'Accounts' } } });
    expect((await api.call('GET', '/crm/v8/settings/fields')).body).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
    });
  });
});
