import type { Connection } from 'jsforce';
import { SandboxClock } from '../../../sandbox/core/clock';
import { rejection, startSalesforce, type SalesforceHarness } from './harness';

type Row = Record<string, unknown> & { Id: string };

/** jsforce resolves a failed single save with success false: make it a rejection like the others. */
function assertSaved(result: { success: boolean; errors?: unknown[] }): typeof result {
  if (result.success) return result;
  throw (result.errors?.[0] ?? new Error('save failed')) as Error;
}

/** The org's clock is pinned mid-month, so date literals (TODAY, LAST_N_DAYS) see the same fixtures on any day. */
const START = Date.UTC(2031, 5, 15, 12);
const day = (offsetDays: number) => new Date(START + offsetDays * 86_400_000).toISOString().slice(0, 10);

describe('Salesforce emulator through jsforce: SOQL', () => {
  let h: SalesforceHarness;
  let conn: Connection;
  let ids: { alpha: string; beta: string; gamma: string };
  beforeAll(async () => {
    h = await startSalesforce({
      dataset: { accounts: 0, opportunities: 0 },
      clock: new SandboxClock({ startAt: START }),
    });
    conn = h.conn;
    const accounts = await conn.sobject('Account').create([
      { Name: 'Alpha Ltd', CurrencyIsoCode: 'GBP', Xero_Contact_ID__c: 'XC-A' },
      { Name: 'beta inc', CurrencyIsoCode: 'EUR' },
      { Name: 'Gamma 100% Pty', CurrencyIsoCode: 'AUD' },
    ]);
    ids = {
      alpha: accounts[0]?.id as string,
      beta: accounts[1]?.id as string,
      gamma: accounts[2]?.id as string,
    };
    await conn.sobject('Opportunity').create([
      { Name: 'A1', AccountId: ids.alpha, StageName: 'Closed Won', CloseDate: day(-61), Amount: 500 },
      { Name: 'A2', AccountId: ids.alpha, StageName: 'Prospecting', CloseDate: day(1), Amount: 1500 },
      { Name: 'B1', AccountId: ids.beta, StageName: 'Closed Lost', CloseDate: day(-77) },
      { Name: 'N1', StageName: 'Negotiation/Review', CloseDate: day(40), Amount: 900 },
    ]);
  });
  afterAll(async () => h.close());

  const names = async (soql: string) => (await conn.query<Row>(soql)).records.map((r) => r.Name);

  it('returns Salesforce-shaped rows with parent relationships nested under attributes', async () => {
    const result = await conn.query<Row>(
      "SELECT Id, Name, Amount, Account.Name, Account.Owner.Email, Owner.Username FROM Opportunity WHERE Name = 'A1'",
    );
    expect(result).toMatchObject({ totalSize: 1, done: true });
    const row = result.records[0] as Row;
    expect(Object.keys(row)).toEqual(['attributes', 'Id', 'Name', 'Amount', 'Account', 'Owner']);
    expect(row).toEqual({
      attributes: { type: 'Opportunity', url: `/services/data/v62.0/sobjects/Opportunity/${row.Id}` },
      Id: expect.stringMatching(/^006/),
      Name: 'A1',
      Amount: 500,
      Account: {
        attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/${ids.alpha}` },
        Name: 'Alpha Ltd',
        Owner: {
          attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${h.org.userId}` },
          Email: h.org.username,
        },
      },
      Owner: { attributes: { type: 'User', url: expect.any(String) }, Username: h.org.username },
    });
    const orphan = (await conn.query<Row>("SELECT Name, Account.Name FROM Opportunity WHERE Name = 'N1'"))
      .records[0];
    expect(orphan?.Account).toBeNull();
  });

  it('filters with comparison, IN / NOT IN, LIKE, AND/OR/NOT, null, booleans, dates and parent fields', async () => {
    expect(await names('SELECT Name FROM Opportunity WHERE Amount > 600 ORDER BY Name')).toEqual([
      'A2',
      'N1',
    ]);
    expect(
      await names(
        "SELECT Name FROM Opportunity WHERE StageName IN ('Closed Won', 'Closed Lost') ORDER BY Name",
      ),
    ).toEqual(['A1', 'B1']);
    expect(
      await names(
        "SELECT Name FROM Opportunity WHERE StageName NOT IN ('Closed Won', 'Closed Lost') ORDER BY Name",
      ),
    ).toEqual(['A2', 'N1']);
    expect(await names("SELECT Name FROM Account WHERE Name LIKE 'B%' ")).toEqual(['beta inc']);
    expect(await names("SELECT Name FROM Account WHERE Name LIKE '%100\\%%'")).toEqual(['Gamma 100% Pty']);
    expect(await names("SELECT Name FROM Account WHERE Name LIKE 'Alph_ Ltd'")).toEqual(['Alpha Ltd']);
    expect(await names("SELECT Name FROM Account WHERE name = 'ALPHA LTD'")).toEqual(['Alpha Ltd']);
    expect(await names('SELECT Name FROM Opportunity WHERE IsWon = true')).toEqual(['A1']);
    expect(await names('SELECT Name FROM Opportunity WHERE Amount = null')).toEqual(['B1']);
    expect(
      await names(
        'SELECT Name FROM Opportunity WHERE AccountId != null AND (Amount = null OR Amount < 1000) ORDER BY Name',
      ),
    ).toEqual(['A1', 'B1']);
    expect(
      await names("SELECT Name FROM Opportunity WHERE NOT (Account.Name = 'Alpha Ltd') ORDER BY Name"),
    ).toEqual(['B1', 'N1']);
    expect(
      await names(
        `SELECT Name FROM Opportunity WHERE CloseDate >= ${day(-61)} AND CloseDate < ${day(17)} ORDER BY CloseDate`,
      ),
    ).toEqual(['A1', 'A2']);
    expect(
      await names(
        `SELECT Name FROM Account WHERE Id IN ('${ids.alpha.slice(0, 15)}', '${ids.beta}') ORDER BY Name`,
      ),
    ).toEqual(['Alpha Ltd', 'beta inc']);
    expect(
      await names(
        'SELECT Name FROM Account WHERE CreatedDate = TODAY AND CreatedDate > 2020-01-01T00:00:00Z ORDER BY Name DESC',
      ),
    ).toEqual(['Gamma 100% Pty', 'beta inc', 'Alpha Ltd']);
    expect(
      await names('SELECT Name FROM Opportunity WHERE CloseDate = LAST_N_DAYS:3650 ORDER BY Name'),
    ).toEqual(['A1', 'B1']);
  });

  it('orders (ASC/DESC, NULLS FIRST/LAST), limits, offsets and counts', async () => {
    expect(await names('SELECT Name FROM Opportunity ORDER BY Amount')).toEqual(['B1', 'A1', 'N1', 'A2']);
    expect(await names('SELECT Name FROM Opportunity ORDER BY Amount DESC')).toEqual([
      'A2',
      'N1',
      'A1',
      'B1',
    ]);
    expect(await names('SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST LIMIT 2')).toEqual([
      'A1',
      'N1',
    ]);
    expect(
      await names(
        'SELECT Name FROM Opportunity ORDER BY Account.Name DESC NULLS FIRST, Name LIMIT 2 OFFSET 1',
      ),
    ).toEqual(['B1', 'A1']);
    const count = await conn.query("SELECT COUNT() FROM Opportunity WHERE StageName LIKE 'Closed%'");
    expect(count).toMatchObject({ totalSize: 2, done: true, records: [] });
  });

  it('answers malformed queries, unknown fields and unknown objects with Salesforce’s errors', async () => {
    const malformed = await rejection(conn.query('SELECT Name FROM Account WHERE'));
    expect(malformed).toMatchObject({ errorCode: 'MALFORMED_QUERY' });
    expect(malformed.message).toMatch(/ERROR at Row:1:Column:\d+/);
    expect(
      await rejection(conn.query("SELECT Name FROM Account WHERE Name = 'a' AND Name = 'b' OR Name = 'c'")),
    ).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    const field = await rejection(conn.query('SELECT Nmae FROM Account'));
    expect(field.errorCode).toBe('INVALID_FIELD');
    expect(field.message).toContain("No such column 'Nmae' on entity 'Account'");
    expect(await rejection(conn.query('SELECT Id FROM Acount'))).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(
      await rejection(conn.query("SELECT Id FROM Opportunity WHERE CloseDate = '2026-01-01'")),
    ).toMatchObject({ errorCode: 'INVALID_FIELD' });
    expect(await rejection(conn.query('SELECT Id, Foo.Name FROM Opportunity'))).toMatchObject({
      errorCode: 'INVALID_FIELD',
    });
  });

  it('queryAll sees deleted records; query does not', async () => {
    const { id } = await conn.sobject('Account').create({ Name: 'Recycled' });
    await conn.sobject('Account').destroy(id as string);
    expect(await names("SELECT Name FROM Account WHERE Name = 'Recycled'")).toEqual([]);
    const all = await conn.query<Row>("SELECT Name, IsDeleted FROM Account WHERE Name = 'Recycled'", {
      scanAll: true,
    });
    expect(all.records).toEqual([expect.objectContaining({ Name: 'Recycled', IsDeleted: true })]);
  });

  it('equality lookups (served from field indexes) follow every change: update, delete, rollback, IN, order', async () => {
    const acc = conn.sobject('Account');
    const [first, second] = await acc.create([
      { Name: 'Indexed One', Xero_Contact_ID__c: 'XC-IDX-1' },
      { Name: 'Indexed Two', Xero_Contact_ID__c: 'XC-IDX-2' },
    ]);
    const byContact = (value: string) =>
      names(`SELECT Name FROM Account WHERE Xero_Contact_ID__c = '${value}' AND Name != null`);
    // Text comparisons ignore case, as Salesforce's do; IN keeps insertion order.
    expect(await byContact('xc-idx-1')).toEqual(['Indexed One']);
    expect(
      await names("SELECT Name FROM Account WHERE Xero_Contact_ID__c IN ('XC-IDX-2', 'XC-IDX-1')"),
    ).toEqual(['Indexed One', 'Indexed Two']);

    await acc.update({ Id: first?.id as string, Xero_Contact_ID__c: 'XC-IDX-9' });
    expect(await byContact('XC-IDX-1')).toEqual([]);
    expect(await byContact('XC-IDX-9')).toEqual(['Indexed One']);
    await acc.upsert({ Xero_Contact_ID__c: 'XC-IDX-9', Name: 'Indexed Renamed' }, 'Xero_Contact_ID__c');
    expect(await byContact('XC-IDX-9')).toEqual(['Indexed Renamed']);

    // A rolled-back request leaves the index as it was.
    const failed = await acc.update(
      [
        { Id: second?.id as string, Xero_Contact_ID__c: 'XC-IDX-3' },
        { Id: first?.id as string, Name: '' },
      ],
      { allOrNone: true },
    );
    expect(failed.every((r) => !r.success)).toBe(true);
    expect(await byContact('XC-IDX-3')).toEqual([]);
    expect(await byContact('XC-IDX-2')).toEqual(['Indexed Two']);

    // The unique external ID is enforced through the same index.
    expect(
      await rejection(acc.create({ Name: 'Clash', Xero_Contact_ID__c: 'xc-idx-2' }).then(assertSaved)),
    ).toMatchObject({ errorCode: 'DUPLICATE_VALUE' });

    await acc.destroy(second?.id as string);
    expect(await byContact('XC-IDX-2')).toEqual([]);
    const all = await conn.query<Row>("SELECT Name FROM Account WHERE Xero_Contact_ID__c = 'XC-IDX-2'", {
      scanAll: true,
    });
    expect(all.records.map((r) => r.Name)).toEqual(['Indexed Two']);
    // Lookups by Id accept the 15-character form.
    expect(
      await names(`SELECT Name FROM Account WHERE Id = '${(first?.id as string).slice(0, 15)}'`),
    ).toEqual(['Indexed Renamed']);
  });

  it('pages with query locators: 2,000 by default, Sforce-Query-Options batchSize, queryMore and autoFetch', async () => {
    const batch = Array.from({ length: 200 }, (_, i) => ({ Name: `Page ${String(i).padStart(4, '0')}` }));
    for (let k = 0; k < 3; k++)
      await conn.sobject('Account').create(
        batch.map((b) => ({ Name: `${b.Name}-${k}` })),
        { allOrNone: true },
      );
    const soql = "SELECT Id, Name FROM Account WHERE Name LIKE 'Page %' ORDER BY Name";
    const whole = await conn.query<Row>(soql);
    expect(whole).toMatchObject({ totalSize: 600, done: true });
    expect(whole.records).toHaveLength(600);

    const first = await conn.query<Row>(soql, { headers: { 'Sforce-Query-Options': 'batchSize=250' } });
    expect(first).toMatchObject({ totalSize: 600, done: false });
    expect(first.records).toHaveLength(250);
    // jsforce turns the locator into an absolute URL; Salesforce's own is relative.
    const raw = await conn.request<{ nextRecordsUrl: string; records: Row[] }>({
      method: 'GET',
      url: `/query?q=${encodeURIComponent(soql)}`,
      headers: { 'Sforce-Query-Options': 'batchSize=250' },
    });
    expect(raw.nextRecordsUrl).toMatch(/^\/services\/data\/v62\.0\/query\/01g[a-zA-Z0-9]{15}-250$/);
    expect(raw.records).toHaveLength(250);
    const second = await conn.queryMore<Row>(first.nextRecordsUrl as string);
    expect(second.records).toHaveLength(250);
    expect(second.records[0]?.Name).toBe(whole.records[250]?.Name);
    const third = await conn.queryMore<Row>(second.nextRecordsUrl as string);
    expect(third).toMatchObject({ done: true });
    expect(third.records).toHaveLength(100);
    expect(await rejection(conn.queryMore(first.nextRecordsUrl as string))).toMatchObject({
      errorCode: 'INVALID_QUERY_LOCATOR',
    });

    const all = await conn.query<Row>(soql, {
      autoFetch: true,
      maxFetch: 1000,
      headers: { 'Sforce-Query-Options': 'batchSize=200' },
    });
    expect(all.records.map((r) => r.Name)).toEqual(whole.records.map((r) => r.Name));
    const pages = h.server.requests().filter((r) => r.path.includes('/query/01g'));
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it('reads string escapes as Salesforce documents them: \\% and \\_ match themselves (LIKE only), \\\\ is a backslash', async () => {
    await conn
      .sobject('Account')
      .create([{ Name: '100%_Co' }, { Name: '100ab_Co' }, { Name: 'C:\\Deals' }, { Name: "O'Brien & Sons" }]);
    expect(await names("SELECT Name FROM Account WHERE Name LIKE '100\\%\\_Co'")).toEqual(['100%_Co']);
    expect(await names("SELECT Name FROM Account WHERE Name LIKE '100%_Co' ORDER BY Name")).toEqual([
      '100%_Co',
      '100ab_Co',
    ]);
    // An escaped backslash followed by a wildcard is a literal backslash, not an escaped percent sign.
    expect(await names("SELECT Name FROM Account WHERE Name LIKE '100\\\\%'")).toEqual([]);
    expect(await names("SELECT Name FROM Account WHERE Name LIKE 'C:\\\\%'")).toEqual(['C:\\Deals']);
    expect(await names("SELECT Name FROM Account WHERE Name = 'C:\\\\Deals'")).toEqual(['C:\\Deals']);
    expect(await names("SELECT Name FROM Account WHERE Name = 'O\\'Brien \\u0026 Sons'")).toEqual([
      "O'Brien & Sons",
    ]);
    expect(await rejection(conn.query("SELECT Name FROM Account WHERE Name = '100\\%_Co'"))).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
    expect(await rejection(conn.query("SELECT Name FROM Account WHERE Name = 'C:\\Deals'"))).toMatchObject({
      errorCode: 'MALFORMED_QUERY',
    });
  });
});
