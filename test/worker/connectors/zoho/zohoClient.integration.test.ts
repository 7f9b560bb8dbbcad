import { VendorError } from '../../../../worker/connectors/errors';
import { MAX_RECORDS_PER_WRITE } from '../../../../worker/connectors/zoho/zohoClient';
import { and, equals } from '../../../../worker/connectors/zoho/zohoCriteria';
import { written } from '../../../../worker/connectors/zoho/zohoWriteOutcomes';
import { startZohoClientHarness, type ZohoClientHarness } from './zohoClientHarness';

describe('ZohoClient against the emulator: records, search, COQL, fields', () => {
  let h: ZohoClientHarness;
  beforeEach(async () => (h = await startZohoClientHarness()));
  afterEach(async () => h.close());

  it('creates, reads, updates and lists records, following next_page_token', async () => {
    const { client } = await h.connectOrg('eu');
    const created = await client.createRecords(
      'Accounts',
      Array.from({ length: 5 }, (_, i) => ({ Account_Name: `Acme ${i}`, Xero_Contact_ID: `XC-${i}` })),
    );
    expect(created.map((o) => o.ok && o.action)).toEqual(['insert', 'insert', 'insert', 'insert', 'insert']);
    const first = written(created);
    expect(await client.getRecord('Accounts', first.id, ['Account_Name'])).toMatchObject({
      id: first.id,
      Account_Name: 'Acme 0',
    });
    const updated = written(
      await client.updateRecords('Accounts', [{ id: first.id, Account_Name: 'Acme Zero' }]),
    );
    expect(updated).toMatchObject({ id: first.id, action: 'update' });
    expect((await client.getRecord('Accounts', first.id))?.Account_Name).toBe('Acme Zero');
    expect(await client.getRecord('Accounts', '999999999')).toBeUndefined();
    const pages: string[][] = [];
    for await (const page of client.allRecords('Accounts', {
      fields: ['Account_Name'],
      perPage: 2,
      sortOrder: 'asc',
    }))
      pages.push(page.map((r) => String(r.Account_Name)));
    expect(pages).toEqual([['Acme Zero', 'Acme 1'], ['Acme 2', 'Acme 3'], ['Acme 4']]);
  });

  it('upserts by duplicate_check_fields: inserts, then updates the record holding the value', async () => {
    const { client, orgId } = await h.connectOrg('us');
    const inserted = written(
      await client.upsertRecords(
        'Accounts',
        [{ Account_Name: 'Bolt Ltd', Xero_Contact_ID: 'XC-9' }],
        ['Xero_Contact_ID'],
      ),
    );
    expect(inserted).toMatchObject({ action: 'insert', duplicateField: null });
    const again = written(
      await client.upsertRecords(
        'Accounts',
        [{ Account_Name: 'Bolt Limited', Xero_Contact_ID: 'XC-9' }],
        ['Xero_Contact_ID'],
      ),
    );
    expect(again).toEqual({
      ok: true,
      index: 0,
      id: inserted.id,
      action: 'update',
      duplicateField: 'Xero_Contact_ID',
    });
    expect(h.emulator.records(orgId, 'Accounts')).toHaveLength(1);
  });

  it('reports a 207 per record: a duplicate unique value is a conflict naming its holder, a missing field validation', async () => {
    const { client } = await h.connectOrg('in');
    const holder = written(
      await client.createRecords('Accounts', [{ Account_Name: 'Holder', Xero_Contact_ID: 'XC-1' }]),
    );
    const outcomes = await client.createRecords('Accounts', [
      { Account_Name: 'Fine' },
      { Account_Name: 'Clash', Xero_Contact_ID: 'XC-1' },
      { Website: 'no-name.example' },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true, action: 'insert' });
    expect(outcomes[1]).toMatchObject({ ok: false, code: 'DUPLICATE_DATA', duplicateRecordId: holder.id });
    expect(outcomes[2]).toMatchObject({ ok: false, code: 'MANDATORY_NOT_FOUND' });
    const [, clash, missing] = outcomes.map((o) => (o.ok ? undefined : o.error));
    expect([clash?.kind, clash?.details.fields]).toEqual(['conflict', ['Xero_Contact_ID']]);
    expect([missing?.kind, missing?.details.fields]).toEqual(['validation', ['Account_Name']]);
    // Every record refused (Zoho's 400 with data): still per record, not a thrown call.
    const allBad = await client.createRecords('Accounts', [
      { Account_Name: 'Again', Xero_Contact_ID: 'XC-1' },
    ]);
    expect(() => written(allBad)).toThrow(
      expect.objectContaining({ kind: 'conflict', name: 'VendorConflictError' }),
    );
  });

  it('refuses whole calls in Zoho’s shape: an unknown module is validation, over 100 records never leaves', async () => {
    const { client } = await h.connectOrg('jp');
    await expect(client.listRecords('Invoicez', { fields: ['Name'] })).rejects.toMatchObject({
      kind: 'validation',
      details: { status: 400, vendorCode: 'INVALID_MODULE' },
    });
    const tooMany = Array.from({ length: MAX_RECORDS_PER_WRITE + 1 }, (_, i) => ({ Account_Name: `A${i}` }));
    await expect(client.createRecords('Accounts', tooMany)).rejects.toMatchObject({ kind: 'validation' });
    await expect(client.getRecord('Accounts', '1 or 1=1')).rejects.toBeInstanceOf(VendorError);
  });

  it('searches with values holding ( ) , and \\ escaped as Zoho documents', async () => {
    const { client, orgId } = await h.connectOrg('au');
    for (const name of ['Smith (UK), Ltd', 'Smith', 'Back\\slash Co', 'Other (UK)'])
      h.emulator.seedRecord(orgId, 'Accounts', { Account_Name: name, Xero_Contact_ID: `id-${name}` });
    const found = await client.search('Accounts', equals('Account_Name', 'Smith (UK), Ltd'), {
      fields: ['Account_Name'],
    });
    expect(found.records.map((r) => r.Account_Name)).toEqual(['Smith (UK), Ltd']);
    const slash = await client.search('Accounts', equals('Account_Name', 'Back\\slash Co'));
    expect(slash.records.map((r) => r.Account_Name)).toEqual(['Back\\slash Co']);
    const both = await client.search(
      'Accounts',
      and(equals('Account_Name', 'Other (UK)'), equals('Xero_Contact_ID', 'id-Other (UK)')),
    );
    expect(both.records).toHaveLength(1);
    expect(await client.search('Accounts', equals('Account_Name', 'Nobody, Inc'))).toEqual({
      records: [],
      moreRecords: false,
    });
  });

  it('runs COQL, charging the credits its LIMIT costs, and reads a module’s fields', async () => {
    const asked: number[] = [];
    const pace = {
      acquire: (call: { credits: number }) => (
        asked.push(call.credits),
        Promise.resolve({ release: () => undefined })
      ),
      holdUntil: () => Promise.resolve(),
    };
    const { client, orgId } = await h.connectOrg('ca', { pace });
    h.emulator.seedRecord(orgId, 'Accounts', { Account_Name: 'Maple Inc', Xero_Contact_ID: 'XC-M' });
    h.emulator.seedRecord(orgId, 'Accounts', { Account_Name: 'Birch Inc', Xero_Contact_ID: 'XC-B' });
    const before = h.emulator.credits(orgId).used;
    const result = await client.coql(
      "select Account_Name from Accounts where Xero_Contact_ID = 'XC-M' limit 500",
    );
    expect(result.records.map((r) => r.Account_Name)).toEqual(['Maple Inc']);
    expect(h.emulator.credits(orgId).used - before).toBe(2);
    expect(asked).toEqual([2]);
    expect(
      (await client.coql("select Account_Name from Accounts where Xero_Contact_ID = 'none'")).records,
    ).toEqual([]);
    await expect(client.coql('select from where')).rejects.toMatchObject({ kind: 'validation' });
    const fields = await client.fields('Accounts');
    expect(fields.find((f) => f.api_name === 'Xero_Contact_ID')).toMatchObject({
      custom_field: true,
      data_type: 'text',
    });
  });
});
