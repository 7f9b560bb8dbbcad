import { orgIn, startZoho, type Connection, type ZohoHarness } from './harness';

type Row = Record<string, unknown>;
const rows = (body: Row | undefined) => (body?.data ?? []) as Row[];

describe('Zoho emulator: search and COQL', () => {
  let h: ZohoHarness;
  let api: Connection;
  let orgId: string;
  const ids: Record<string, string> = {};
  beforeEach(async () => {
    h = await startZoho();
    ({ orgId, connection: api } = await orgIn(h, 'ca'));
    const accounts = [
      { Account_Name: 'Acme (North), Ltd', Xero_Contact_ID: 'xc-1', Monthly_Billing: true },
      { Account_Name: 'Bravo Foods', Xero_Contact_ID: 'xc-2', Monthly_Billing: false },
      { Account_Name: 'Acme South', Xero_Contact_ID: 'xc-3', Monthly_Billing: true },
    ];
    for (const a of accounts) ids[a.Xero_Contact_ID] = String(h.emulator.seedRecord(orgId, 'Accounts', a).id);
    h.emulator.seedRecord(orgId, 'Contacts', {
      Last_Name: 'Ng',
      Email: 'ng@acme.test',
      Account_Name: { id: ids['xc-1'] },
    });
    for (const [n, amount] of [300, 150, 75].entries())
      h.emulator.seedRecord(orgId, 'Xero_Invoices', {
        Name: `INV-${n + 1}`,
        Xero_Invoice_ID: `xi-${n + 1}`,
        Account: { id: n === 1 ? ids['xc-2'] : ids['xc-1'] },
        Status: n === 2 ? 'PAID' : 'AUTHORISED',
        Total: amount,
      });
  });
  afterEach(async () => h.close());

  const names = (body: Row | undefined) => rows(body).map((r) => r.Account_Name ?? r.Name);

  it('searches by criteria (escaped values, and/or, lookups by id), by email and by word; 204 when nothing matches', async () => {
    const search = (query: string) => api.call('GET', `/crm/v8/Accounts/search?${query}`);
    const exact = await search(
      `criteria=${encodeURIComponent('(Account_Name:equals:Acme \\(North\\)\\, Ltd)')}`,
    );
    expect(names(exact.body)).toEqual(['Acme (North), Ltd']);
    expect(exact.body?.info).toEqual({ per_page: 200, count: 1, page: 1, more_records: false });
    const either = await search(
      `criteria=${encodeURIComponent('((Xero_Contact_ID:equals:XC-2)or(Account_Name:starts_with:acme s))')}`,
    );
    expect(names(either.body)).toEqual(['Bravo Foods', 'Acme South']);
    const both = await search(
      `criteria=${encodeURIComponent('((Monthly_Billing:equals:true)and(Account_Name:starts_with:Acme))')}`,
    );
    expect(names(both.body)).toEqual(['Acme (North), Ltd', 'Acme South']);
    const contact = await api.call(
      'GET',
      `/crm/v8/Contacts/search?criteria=${encodeURIComponent(`(Account_Name.id:equals:${ids['xc-1']})`)}`,
    );
    expect(rows(contact.body).map((r) => r.Last_Name)).toEqual(['Ng']);
    expect(rows((await api.call('GET', '/crm/v8/Contacts/search?email=NG@acme.test')).body)).toHaveLength(1);
    expect(names((await search('word=foods')).body)).toEqual(['Bravo Foods']);
    expect((await search('criteria=(Xero_Contact_ID:equals:nobody)')).status).toBe(204);
    const broken = await search('criteria=(Nope:equals:1)');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ code: 'INVALID_QUERY', status: 'error' });
  });

  it('runs COQL: equals, in, and/or with parentheses, lookups, order by and limit/offset', async () => {
    const coql = (q: string) => api.call('POST', '/crm/v8/coql', { select_query: q });
    const monthly = await coql(
      'select Account_Name, Xero_Contact_ID from Accounts where Monthly_Billing = true order by Account_Name desc',
    );
    expect(rows(monthly.body)).toEqual([
      { Account_Name: 'Acme South', Xero_Contact_ID: 'xc-3', id: ids['xc-3'] },
      { Account_Name: 'Acme (North), Ltd', Xero_Contact_ID: 'xc-1', id: ids['xc-1'] },
    ]);
    expect(monthly.body?.info).toEqual({ count: 2, more_records: false });
    const open = await coql(
      `SELECT Name, Total, Account, Account.Account_Name FROM Xero_Invoices WHERE (Status = 'AUTHORISED' or Total < 100) and Account in ('${ids['xc-1']}') ORDER BY Total ASC LIMIT 5`,
    );
    expect(rows(open.body)).toEqual([
      expect.objectContaining({
        Name: 'INV-3',
        Total: 75,
        Account: { id: ids['xc-1'] },
        'Account.Account_Name': 'Acme (North), Ltd',
      }),
      expect.objectContaining({ Name: 'INV-1', Total: 300 }),
    ]);
    const paged = await coql(
      'select Name from Xero_Invoices where Total > 0 order by Total desc limit 1 offset 1',
    );
    expect(names(paged.body)).toEqual(['INV-2']);
    expect(paged.body?.info).toEqual({ count: 1, more_records: true });
    expect(
      names(
        (await coql('select Name from Xero_Invoices where Total > 0 order by Total desc limit 1, 2')).body,
      ),
    ).toEqual(['INV-2', 'INV-3']);
    expect((await coql("select Name from Xero_Invoices where Status = 'VOIDED'")).status).toBe(204);
  });

  it('answers COQL mistakes with SYNTAX_ERROR or INVALID_QUERY naming the column, and LIMIT above 2000 with LIMIT_EXCEEDED', async () => {
    const coql = (q: string) => api.call('POST', '/crm/v8/coql', { select_query: q });
    const syntax = await coql('select Name form Xero_Invoices');
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({
      code: 'SYNTAX_ERROR',
      details: { near: 'form', line: 1, column: 13 },
    });
    expect((await coql('select Nope from Accounts where id is not null')).body).toMatchObject({
      code: 'INVALID_QUERY',
      details: { column_name: 'Nope' },
    });
    expect((await coql('select Name from Xero_Invoices limit 2001')).body).toMatchObject({
      code: 'LIMIT_EXCEEDED',
    });
  });
});
