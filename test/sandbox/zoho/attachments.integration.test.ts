import { orgIn, startZoho, type Connection, type ZohoHarness } from './harness';

type Row = Record<string, unknown>;
const rows = (body: Row | undefined) => (body?.data ?? []) as Row[];

/** A multipart upload as the SDK makes it: the file in the part named `file`. */
function upload(api: Connection, path: string, name: string, bytes: Buffer, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), name);
  return fetch(`${api.apiDomain}${path}`, {
    method: 'POST',
    headers: { authorization: `Zoho-oauthtoken ${api.accessToken}` },
    body: form,
  });
}

describe('Zoho emulator: attachments and a record’s notes', () => {
  let h: ZohoHarness;
  let api: Connection;
  let orgId: string;
  let dealId: string;
  let accountId: string;
  beforeEach(async () => {
    h = await startZoho();
    ({ orgId, connection: api } = await orgIn(h, 'eu'));
    accountId = String(h.emulator.seedRecord(orgId, 'Accounts', { Account_Name: 'Acme Ltd' }).id);
    dealId = String(h.emulator.seedRecord(orgId, 'Deals', { Deal_Name: 'INV-1', Stage: 'Qualification' }).id);
  });
  afterEach(async () => h.close());

  it('uploads a file to a record, lists it with the fields asked for, downloads and deletes it', async () => {
    const pdf = Buffer.from('%PDF-1.7 invoice one');
    const res = await upload(api, `/crm/v8/Deals/${dealId}/Attachments`, 'INV-1.pdf', pdf);
    expect(res.status).toBe(200);
    const [ok] = rows((await res.json()) as Row);
    expect(ok).toMatchObject({
      code: 'SUCCESS',
      message: 'attachment uploaded',
      status: 'success',
      details: { id: expect.stringMatching(/^\d{19}$/), Created_Time: '2026-01-31T12:00:00+00:00' },
    });
    const id = String((ok?.details as Row).id);

    expect((await api.call('GET', `/crm/v8/Deals/${dealId}/Attachments`)).body).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'fields' },
    });
    const listed = await api.call(
      'GET',
      `/crm/v8/Deals/${dealId}/Attachments?fields=File_Name,Size,Parent_Id,$se_module`,
    );
    expect(listed.status).toBe(200);
    expect(rows(listed.body)).toEqual([
      {
        id,
        File_Name: 'INV-1.pdf',
        Size: String(pdf.length),
        Parent_Id: { name: 'INV-1', id: dealId },
        $se_module: 'Deals',
      },
    ]);
    expect(listed.body?.info).toMatchObject({ count: 1, more_records: false, page: 1 });
    // Another record's list does not show it.
    expect((await api.call('GET', `/crm/v8/Accounts/${accountId}/Attachments?fields=File_Name`)).status).toBe(
      204,
    );

    const file = await fetch(`${api.apiDomain}/crm/v8/Deals/${dealId}/Attachments/${id}`, {
      headers: { authorization: `Zoho-oauthtoken ${api.accessToken}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(pdf)).toBe(true);

    const removed = await api.call('DELETE', `/crm/v8/Deals/${dealId}/Attachments/${id}`);
    expect(removed.status).toBe(200);
    expect(rows(removed.body)[0]).toEqual({
      code: 'SUCCESS',
      details: { id },
      message: 'record deleted',
      status: 'success',
    });
    expect((await api.call('GET', `/crm/v8/Deals/${dealId}/Attachments?fields=File_Name`)).status).toBe(204);
    expect((await api.call('DELETE', `/crm/v8/Deals/${dealId}/Attachments/${id}`)).status).toBe(400);
  });

  it('refuses an upload without a `file` part, and one to a record that does not exist', async () => {
    const noFile = await upload(
      api,
      `/crm/v8/Deals/${dealId}/Attachments`,
      'x.pdf',
      Buffer.from('x'),
      'other',
    );
    expect(noFile.status).toBe(400);
    expect(await noFile.json()).toMatchObject({
      code: 'REQUIRED_PARAM_MISSING',
      details: { param_name: 'file' },
    });
    const noRecord = await upload(
      api,
      '/crm/v8/Deals/1234567890123456789/Attachments',
      'x.pdf',
      Buffer.from('x'),
    );
    expect(noRecord.status).toBe(400);
    expect(await noRecord.json()).toMatchObject({ code: 'INVALID_DATA' });
  });

  it('lists a record’s notes (Parent_Id) and creates notes on it by path or with $se_module', async () => {
    const byPath = await api.call('POST', `/crm/v8/Deals/${dealId}/Notes`, {
      data: [{ Note_Title: 'Filed', Note_Content: 'Invoice INV-1 filed' }],
    });
    expect(byPath.status).toBe(201);
    const byBody = await api.call('POST', '/crm/v8/Notes', {
      data: [{ Note_Content: 'On the account', Parent_Id: { id: accountId }, $se_module: 'Accounts' }],
    });
    expect(byBody.status).toBe(201);

    const dealNotes = await api.call('GET', `/crm/v8/Deals/${dealId}/Notes?fields=Note_Title,Note_Content`);
    expect(rows(dealNotes.body)).toEqual([
      { id: expect.any(String), Note_Title: 'Filed', Note_Content: 'Invoice INV-1 filed' },
    ]);
    const accountNotes = await api.call(
      'GET',
      `/crm/v8/Accounts/${accountId}/Notes?fields=Note_Content,Parent_Id`,
    );
    expect(rows(accountNotes.body)).toEqual([
      {
        id: expect.any(String),
        Note_Content: 'On the account',
        Parent_Id: { name: 'Acme Ltd', id: accountId },
      },
    ]);
    expect((await api.call('GET', `/crm/v8/Deals/${dealId}/Notes`)).status).toBe(400);
    expect(h.emulator.records(orgId, 'Notes')).toHaveLength(2);
  });
});
