import type { Connection } from 'jsforce';
import { rejection, startSalesforce, type SalesforceHarness } from './harness';

type Row = Record<string, unknown> & { Id: string };
interface Field {
  name: string;
  type: string;
  length: number;
  precision: number;
  scale: number;
  externalId: boolean;
  unique: boolean;
  nillable: boolean;
  createable: boolean;
  updateable: boolean;
  referenceTo: string[];
  relationshipName: string | null;
  restrictedPicklist: boolean;
  picklistValues: Array<{ value: string; defaultValue: boolean }>;
}

describe('Salesforce emulator through jsforce: REST resources', () => {
  let h: SalesforceHarness;
  let conn: Connection;
  beforeAll(async () => {
    h = await startSalesforce();
    conn = h.conn;
  });
  afterAll(async () => h.close());

  it('lists versions and the resources of a version', async () => {
    const versions =
      await conn.request<Array<{ version: string; label: string; url: string }>>('/services/data/');
    expect(versions).toContainEqual({ version: '62.0', label: "Winter '25", url: '/services/data/v62.0' });
    const resources = await conn.request<Record<string, string>>('/services/data/v62.0/');
    expect(resources).toMatchObject({
      sobjects: '/services/data/v62.0/sobjects',
      query: '/services/data/v62.0/query',
    });
    expect(await rejection(conn.request('/services/data/v19.0/sobjects'))).toMatchObject({
      errorCode: 'NOT_FOUND',
    });
  });

  it('describes the org: standard objects and the package’s custom objects and fields from force-app', async () => {
    const global = await conn.describeGlobal();
    const byName = new Map(global.sobjects.map((s) => [s.name, s]));
    expect(byName.get('Account')).toMatchObject({ keyPrefix: '001', custom: false });
    expect(byName.get('Xero_Invoice__c')).toMatchObject({
      keyPrefix: expect.stringMatching(/^a0[0-9A-Za-z]$/) as unknown as string,
      custom: true,
      labelPlural: 'Xero Invoices',
    });
    expect(byName.get('Xero_Payment__c')).toMatchObject({
      keyPrefix: expect.stringMatching(/^a0[0-9A-Za-z]$/) as unknown as string,
      custom: true,
    });

    const opp = await conn.sobject('Opportunity').describe();
    const fields = new Map((opp.fields as unknown as Field[]).map((f) => [f.name, f]));
    expect(fields.get('Xero_Invoice_ID__c')).toMatchObject({
      type: 'string',
      length: 36,
      externalId: true,
      unique: true,
    });
    expect(fields.get('Xero_Amount_Due__c')).toMatchObject({ type: 'currency', precision: 16, scale: 2 });
    expect(fields.get('Payment_Retry_Count__c')).toMatchObject({ type: 'double', precision: 3, scale: 0 });
    expect(fields.get('Ledgerbridge_Sync_Problem__c')).toMatchObject({ type: 'textarea', length: 32768 });
    expect(fields.get('Xero_Online_Invoice_URL__c')).toMatchObject({ type: 'url' });
    const status = fields.get('Xero_Invoice_Status__c');
    expect(status?.restrictedPicklist).toBe(true);
    expect(status?.picklistValues.map((p) => p.value)).toEqual([
      'None',
      'Queued',
      'DRAFT',
      'SUBMITTED',
      'AUTHORISED',
      'PAID',
      'VOIDED',
      'DELETED',
      'Error',
    ]);
    expect(fields.get('StageName')?.picklistValues.map((p) => p.value)).toEqual(
      expect.arrayContaining(['Closed Won', 'Closed Lost']),
    );
    expect(fields.get('IsWon')).toMatchObject({ type: 'boolean', createable: false, updateable: false });
    expect(fields.get('AccountId')).toMatchObject({
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
    expect(fields.get('CurrencyIsoCode')?.picklistValues.map((p) => p.value)).toEqual([
      'USD',
      'EUR',
      'GBP',
      'AUD',
    ]);

    const payment = await conn.sobject('Xero_Payment__c').describe();
    const invoice = (payment.fields as unknown as Field[]).find((f) => f.name === 'Invoice__c');
    expect(invoice).toMatchObject({
      type: 'reference',
      referenceTo: ['Xero_Invoice__c'],
      relationshipName: 'Invoice__r',
      nillable: false,
    });
    expect((payment.fields as unknown as Field[]).some((f) => f.name === 'OwnerId')).toBe(false);
    const account = await conn.sobject('Account').describe();
    expect(account.childRelationships).toContainEqual(
      expect.objectContaining({
        childSObject: 'Xero_Invoice__c',
        field: 'Account__c',
        relationshipName: 'Xero_Invoices__r',
      }),
    );
    expect(await rejection(conn.sobject('Nope__c').describe())).toMatchObject({ errorCode: 'NOT_FOUND' });
  });

  it('creates, retrieves (all fields or fields=), updates and deletes a record', async () => {
    const created = await conn.sobject('Account').create({ Name: 'Crud Co', CurrencyIsoCode: 'EUR' });
    expect(created).toEqual({ id: expect.stringMatching(/^001[a-zA-Z0-9]{15}$/), success: true, errors: [] });
    const id = created.id as string;
    const full = (await conn.sobject('Account').retrieve(id)) as unknown as Row;
    expect(full).toMatchObject({
      attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${id}` },
      Id: id,
      Name: 'Crud Co',
      CurrencyIsoCode: 'EUR',
      OwnerId: h.org.userId,
      IsDeleted: false,
      Xero_Contact_ID__c: null,
    });
    expect(full.CreatedDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/);
    const partial = (await conn.sobject('Account').retrieve(id, { fields: ['Name'] })) as unknown as Row;
    expect(Object.keys(partial)).toEqual(['attributes', 'Name']);
    // 15-character IDs are accepted.
    expect(((await conn.sobject('Account').retrieve(id.slice(0, 15))) as unknown as Row).Id).toBe(id);

    await expect(conn.sobject('Account').update({ Id: id, Name: 'Crud Co 2' })).resolves.toMatchObject({
      success: true,
    });
    expect(((await conn.sobject('Account').retrieve(id)) as unknown as Row).Name).toBe('Crud Co 2');
    await expect(conn.sobject('Account').destroy(id)).resolves.toMatchObject({ success: true });
    expect(await rejection(conn.sobject('Account').retrieve(id))).toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
    expect(await rejection(conn.sobject('Account').retrieve('001000000000000AAA'))).toMatchObject({
      errorCode: 'NOT_FOUND',
      message: 'The requested resource does not exist',
    });
  });

  it('refuses bad writes with Salesforce’s error codes', async () => {
    const acc = conn.sobject('Account');
    expect(await rejection(acc.create({ Name: 'x', Bogus__c: 1 }))).toMatchObject({
      errorCode: 'INVALID_FIELD',
      message: "No such column 'Bogus__c' on sobject of type Account",
    });
    expect(await rejection(acc.create({ Phone: '1' }))).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
      data: { fields: ['Name'] },
    });
    expect(await rejection(acc.create({ Name: 'x'.repeat(256) }))).toMatchObject({
      errorCode: 'STRING_TOO_LONG',
    });
    expect(
      await rejection(
        conn.sobject('Opportunity').create({
          Name: 'o',
          StageName: 'Prospecting',
          CloseDate: '2026-12-01',
          Xero_Invoice_Status__c: 'Bogus',
        }),
      ),
    ).toMatchObject({
      errorCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      data: { fields: ['Xero_Invoice_Status__c'] },
    });
    expect(
      await rejection(
        conn
          .sobject('Opportunity')
          .create({ Name: 'o', StageName: 'Closed Won', CloseDate: '2026-12-01', IsWon: true }),
      ),
    ).toMatchObject({
      errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
    });
    expect(
      await rejection(conn.sobject('Contact').create({ LastName: 'x', AccountId: h.org.opportunityIds[0] })),
    ).toMatchObject({
      errorCode: 'FIELD_INTEGRITY_EXCEPTION',
    });
    await acc.create({ Name: 'Dup 1', Xero_Contact_ID__c: 'DUP-1' });
    const dup = await rejection(acc.create({ Name: 'Dup 2', Xero_Contact_ID__c: 'dup-1' }));
    expect(dup.errorCode).toBe('DUPLICATE_VALUE');
    expect(dup.message).toMatch(
      /^duplicate value found: Xero_Contact_ID__c duplicates value on record with id: 001/,
    );
  });

  it('derives IsWon/IsClosed/Probability from the stage and applies validation rules', async () => {
    const opp = conn.sobject('Opportunity');
    const { id } = await opp.create({
      Name: 'Stage',
      StageName: 'Prospecting',
      CloseDate: '2026-12-01',
      AccountId: h.org.accountIds[0],
      Amount: 1234.567,
    });
    let row = (await opp.retrieve(id as string)) as unknown as Row;
    expect(row).toMatchObject({
      IsWon: false,
      IsClosed: false,
      Probability: 10,
      Amount: 1234.57,
      CurrencyIsoCode: 'USD',
      Xero_Invoice_Status__c: 'None',
    });
    await opp.update({ Id: id as string, StageName: 'Closed Won' });
    row = (await opp.retrieve(id as string)) as unknown as Row;
    expect(row).toMatchObject({
      IsWon: true,
      IsClosed: true,
      Probability: 100,
      ForecastCategoryName: 'Closed',
    });

    h.emulator.addValidationRule({
      sobject: 'Opportunity',
      when: (r) => Number(r.Amount) < 0,
      message: 'Amount cannot be negative',
      errorDisplayField: 'Amount',
    });
    expect(await rejection(opp.update({ Id: id as string, Amount: -1 }))).toMatchObject({
      errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
      message: 'Amount cannot be negative',
    });
  });

  it('upserts by external ID: 201 created, 200 updated, 300 for several matches', async () => {
    const acc = conn.sobject('Account');
    const created = await acc.upsert(
      { Name: 'Upsert Co', Xero_Contact_ID__c: 'XC-UPSERT-1' },
      'Xero_Contact_ID__c',
    );
    expect(created).toEqual({ id: expect.stringMatching(/^001/), success: true, errors: [], created: true });
    const updated = await acc.upsert(
      { Name: 'Upsert Co Renamed', Xero_Contact_ID__c: 'XC-UPSERT-1' },
      'Xero_Contact_ID__c',
    );
    expect(updated).toEqual({
      id: (created as { id: string }).id,
      success: true,
      errors: [],
      created: false,
    });
    expect(
      h.server
        .requests()
        .slice(-2)
        .map((r) => r.status),
    ).toEqual([201, 200]);

    // A non-unique external ID field (as an admin could add) lets two records match.
    h.emulator.schema.addField('Account', {
      name: 'Legacy_Code__c',
      label: 'Legacy Code',
      type: 'string',
      length: 20,
      externalId: true,
      custom: true,
    });
    await acc.create([
      { Name: 'L1', Legacy_Code__c: 'L' },
      { Name: 'L2', Legacy_Code__c: 'L' },
    ]);
    const multiple = await rejection(acc.upsert({ Name: 'L3', Legacy_Code__c: 'L' }, 'Legacy_Code__c'));
    expect(multiple).toMatchObject({ errorCode: 'MULTIPLE_CHOICES' });
    expect(multiple.data).toHaveLength(2);
    expect(await rejection(acc.upsert({ Name: 'x', Name2: 'y' }, 'Name2'))).toMatchObject({
      errorCode: 'NOT_FOUND',
    });
  });

  it('sObject Collections: create/update/upsert/retrieve/delete, at most 200, allOrNone rolls back', async () => {
    const acc = conn.sobject('Account');
    const tooMany = Array.from({ length: 201 }, (_, i) => ({ Name: `Bulk ${i}` }));
    expect(await rejection(acc.create(tooMany))).toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });

    const before = (await conn.query('SELECT COUNT() FROM Account')).totalSize;
    const rolledBack = await acc.create([{ Name: 'AON 1' }, { Phone: 'no name' }, { Name: 'AON 3' }], {
      allOrNone: true,
    });
    expect(rolledBack).toEqual([
      {
        success: false,
        errors: [
          { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: expect.any(String), fields: [] },
        ],
      },
      {
        success: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [Name]',
            fields: ['Name'],
          },
        ],
      },
      {
        success: false,
        errors: [
          { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: expect.any(String), fields: [] },
        ],
      },
    ]);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(before);

    const partial = await acc.create([{ Name: 'Partial 1' }, { Phone: 'no name' }]);
    expect(partial.map((r) => r.success)).toEqual([true, false]);
    expect((await conn.query('SELECT COUNT() FROM Account')).totalSize).toBe(before + 1);
    const id = partial[0]?.id as string;

    const updated = await acc.update([
      { Id: id, Name: 'Partial 1b' },
      { Id: '001000000000000AAA', Name: 'ghost' },
    ]);
    expect(updated[0]).toEqual({ id, success: true, errors: [] });
    expect(updated[1]).toMatchObject({ success: false });

    const upserted = await acc.upsert(
      [
        { Name: 'Up A', Xero_Contact_ID__c: 'XC-COLL-A' },
        { Name: 'Up B', Xero_Contact_ID__c: 'XC-COLL-B' },
      ],
      'Xero_Contact_ID__c',
    );
    expect(upserted.map((r) => (r as { created: boolean }).created)).toEqual([true, true]);
    const again = await acc.upsert(
      [{ Name: 'Up A2', Xero_Contact_ID__c: 'XC-COLL-A' }],
      'Xero_Contact_ID__c',
    );
    expect(again[0]).toMatchObject({ success: true, created: false, id: upserted[0]?.id });

    const fetched = (await acc.retrieve([id, upserted[1]?.id as string, '001000000000000AAA'], {
      fields: ['Name'],
    })) as unknown as Array<Row | null>;
    expect(fetched.map((r) => r?.Name ?? null)).toEqual(['Partial 1b', 'Up B', null]);
    const viaGet = await conn.request<Array<Row>>(
      `/services/data/v62.0/composite/sobjects/Account?ids=${id}&fields=Id,Name`,
    );
    expect(viaGet[0]).toMatchObject({ Id: id, Name: 'Partial 1b' });

    const deleted = await acc.destroy([id, upserted[0]?.id as string]);
    expect(deleted).toEqual([
      { id, success: true, errors: [] },
      { id: upserted[0]?.id, success: true, errors: [] },
    ]);
  });

  it('composite: subrequests with @{ref} references, and allOrNone rolls all of them back', async () => {
    const result = await conn.requestPost<{
      compositeResponse: Array<{
        httpStatusCode: number;
        referenceId: string;
        body: unknown;
        httpHeaders: Record<string, string>;
      }>;
    }>('/services/data/v62.0/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Account',
          referenceId: 'NewAccount',
          body: { Name: 'Composite Co' },
        },
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Opportunity',
          referenceId: 'NewOpp',
          body: {
            Name: 'Composite deal',
            AccountId: '@{NewAccount.id}',
            StageName: 'Prospecting',
            CloseDate: '2026-12-31',
          },
        },
        {
          method: 'GET',
          url: "/services/data/v62.0/query?q=SELECT+Id,Account.Name+FROM+Opportunity+WHERE+Id='@{NewOpp.id}'",
          referenceId: 'Check',
        },
        {
          method: 'PATCH',
          url: '/services/data/v62.0/sobjects/Opportunity/@{Check.records[0].Id}',
          referenceId: 'Win',
          body: { StageName: 'Closed Won' },
        },
      ],
    });
    const [acc, opp, check, win] = result.compositeResponse;
    expect(acc).toMatchObject({
      httpStatusCode: 201,
      referenceId: 'NewAccount',
      httpHeaders: { Location: expect.stringMatching(/^\/services\/data\/v62\.0\/sobjects\/Account\/001/) },
    });
    expect(opp?.httpStatusCode).toBe(201);
    expect(check?.body).toMatchObject({ totalSize: 1, records: [{ Account: { Name: 'Composite Co' } }] });
    expect(win).toMatchObject({ httpStatusCode: 204, body: null });

    const failed = await conn.requestPost<{
      compositeResponse: Array<{ httpStatusCode: number; body: Array<{ errorCode: string }> }>;
    }>('/services/data/v62.0/composite', {
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Account',
          referenceId: 'A',
          body: { Name: 'Rolled Back Co' },
        },
        {
          method: 'POST',
          url: '/services/data/v62.0/sobjects/Contact',
          referenceId: 'C',
          body: { AccountId: '@{A.id}' },
        },
      ],
    });
    expect(failed.compositeResponse.map((r) => [r.httpStatusCode, r.body[0]?.errorCode])).toEqual([
      [400, 'PROCESSING_HALTED'],
      [400, 'REQUIRED_FIELD_MISSING'],
    ]);
    expect((await conn.query("SELECT Id FROM Account WHERE Name = 'Rolled Back Co'")).totalSize).toBe(0);
  });

  it('cascades deletes to detail records and clears lookups', async () => {
    const { id: accountId } = await conn.sobject('Account').create({ Name: 'Cascade Co' });
    const { id: invoiceId } = await conn.sobject('Xero_Invoice__c').create({
      Name: 'INV-1',
      Xero_Invoice_ID__c: 'XI-CASCADE',
      Account__c: accountId,
      Total__c: 100,
    });
    const { id: paymentId } = await conn
      .sobject('Xero_Payment__c')
      .create({ Invoice__c: invoiceId, Amount__c: 40, Xero_Payment_ID__c: 'XP-1' });
    const payment = (await conn.sobject('Xero_Payment__c').retrieve(paymentId as string)) as unknown as Row;
    // A detail takes its master's currency: the account's (the org's corporate USD here).
    expect(payment).toMatchObject({ Name: expect.stringMatching(/^PAY-\d{6}$/), CurrencyIsoCode: 'USD' });
    expect(await rejection(conn.sobject('Xero_Payment__c').create({ Amount__c: 1 }))).toMatchObject({
      errorCode: 'REQUIRED_FIELD_MISSING',
    });
    // Xero_Invoice__c is a master-detail child of Account: deleting the account deletes both.
    await conn.sobject('Account').destroy(accountId as string);
    expect(await rejection(conn.sobject('Xero_Invoice__c').retrieve(invoiceId as string))).toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
    expect(await rejection(conn.sobject('Xero_Payment__c').retrieve(paymentId as string))).toMatchObject({
      errorCode: 'ENTITY_IS_DELETED',
    });
  });
});
