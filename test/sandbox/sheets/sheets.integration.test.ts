import { SandboxHttpError, startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { checkQuery } from '../../../sandbox/sheets/discovery';
import { createSheetsEmulator, type SheetsEmulator, type SheetsQuota } from '../../../sandbox/sheets';
import discovery from '../../../sandbox/sheets/sheets-v4.trimmed.json';
import { createAuditSheetApi } from '../../../worker/connectors/sheets/auditSheetApi';
import { SheetsCallError } from '../../../worker/connectors/sheets/sheetsErrors';

describe('Google Sheets emulator, through @googleapis/sheets and a service account', () => {
  let emulator: SheetsEmulator;
  let server: SandboxServer;
  const start = async (quota?: SheetsQuota) => {
    emulator = createSheetsEmulator(quota ? { quota } : {});
    server = await startSandboxServer(emulator);
  };
  const apiFor = (key: Parameters<typeof createAuditSheetApi>[0]['key']) =>
    createAuditSheetApi({ key, endpoints: { mode: 'sandbox', baseUrl: server.url }, timeoutMs: 5_000 });
  afterEach(async () => server.close());

  it('signs in with the key file, appends after the last row and reads column A back', async () => {
    await start();
    const { spreadsheetId, key } = emulator.seedDataset();
    const api = apiFor(key);
    expect(await api.tabs(spreadsheetId)).toEqual(['Audit']);
    expect(await api.readColumnA(spreadsheetId, 'Audit')).toEqual([]);
    await expect(
      api.append(spreadsheetId, 'Audit', [
        ['id-1', 'a'],
        ['id-2', 'b'],
      ]),
    ).resolves.toEqual({ updatedRows: 2 });
    await api.append(spreadsheetId, 'Audit', [['id-3', 'c']]);
    expect(await api.readColumnA(spreadsheetId, 'Audit')).toEqual(['id-1', 'id-2', 'id-3']);
    const paths = server.requests().map((r) => `${r.method} ${r.path}`);
    // One token for every call: the SDK keeps it until it nears expiry.
    expect(paths.filter((p) => p === 'POST /token')).toHaveLength(1);
    expect(paths).toContain('POST /v4/spreadsheets/sandboxAuditSheet0001/values/Audit%21A%3AA:append');
  });

  it('serves only paths and methods of the discovery document', () => {
    const methods = discovery.resources.spreadsheets;
    const declared = [methods.methods.get, ...Object.values(methods.resources.values.methods)].map(
      (m) => `${m.httpMethod} /${m.path}`,
    );
    expect(declared.sort()).toEqual([
      'GET /v4/spreadsheets/{spreadsheetId}',
      'GET /v4/spreadsheets/{spreadsheetId}/values/{range}',
      'POST /v4/spreadsheets/{spreadsheetId}/values/{range}:append',
    ]);
  });

  it('answers 429 RESOURCE_EXHAUSTED past the per-minute write quota, without writing', async () => {
    await start({ readsPerMinute: 60, writesPerMinute: 2 });
    const { spreadsheetId, key } = emulator.seedDataset();
    const api = apiFor(key);
    await api.append(spreadsheetId, 'Audit', [['1']]);
    await api.append(spreadsheetId, 'Audit', [['2']]);
    const refused = await api.append(spreadsheetId, 'Audit', [['3']]).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(SheetsCallError);
    expect(refused).toMatchObject({ kind: 'throttled', status: 429 });
    expect((refused as Error).message).toMatch(/Write requests per minute per user/);
    expect(await api.readColumnA(spreadsheetId, 'Audit')).toEqual(['1', '2']);
    emulator.clock.advance(60_001);
    await api.append(spreadsheetId, 'Audit', [['3']]);
  });

  it('refuses a key it did not issue, a sheet not shared with the account, and an unknown one', async () => {
    await start();
    const { spreadsheetId, key } = emulator.seedDataset();
    const other = emulator.seedDataset({ account: 'someone-else' });
    const forged = { ...key, private_key: other.key.private_key };
    await expect(apiFor(forged).tabs(spreadsheetId)).rejects.toThrow(/Invalid JWT Signature/);
    await expect(apiFor(other.key).tabs(spreadsheetId)).rejects.toMatchObject({
      kind: 'refused',
      status: 403,
    });
    await expect(apiFor(key).tabs('doesNotExist00')).rejects.toMatchObject({ kind: 'refused', status: 404 });
  });

  it('refuses other grants, calls without a token, and query parameters the document does not declare', async () => {
    await start();
    const { spreadsheetId } = emulator.seedDataset();
    const token = await fetch(`${server.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(token.status).toBe(400);
    expect(await token.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const noAuth = await fetch(`${server.url}/v4/spreadsheets/${spreadsheetId}/values/Audit!A:A`);
    expect(noAuth.status).toBe(401);
    expect(await noAuth.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
    const query = (q: string) => () => checkQuery('sheets.spreadsheets.values.get', new URLSearchParams(q));
    expect(query('majorDimension=ROWS&prettyPrint=false')).not.toThrow();
    expect(query('majorDimension=DIAGONAL')).toThrow(SandboxHttpError);
    expect(query('includeGridData=true')).toThrow(SandboxHttpError);
  });
});
