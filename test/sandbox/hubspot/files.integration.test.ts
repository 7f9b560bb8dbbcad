import { Client } from '@hubspot/api-client';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../../../sandbox/hubspot';

const PORTAL = 727272;
const TOKEN = 'files-contract-static-token';

/**
 * The Files API as @hubspot/api-client's FilesApi drives it (multipart upload and replace, stat by
 * path), held to the SDK's File/FileStat models and the upload options' required `access`.
 */
describe('HubSpot emulator: Files API', () => {
  let emulator: HubSpotEmulator;
  let server: SandboxServer;
  let client: Client;

  beforeAll(async () => {
    emulator = createHubspotEmulator({ portalId: PORTAL });
    emulator.registerStaticToken(PORTAL, TOKEN, ['files']);
    server = await startSandboxServer(emulator);
    client = new Client({ accessToken: TOKEN, basePath: server.url, numberOfApiCallRetries: 0 });
  });
  afterAll(() => server.close());

  const upload = (name: string, data: string, options: object = { access: 'PRIVATE' }) =>
    client.files.filesApi.upload(
      { data: Buffer.from(data), name },
      undefined,
      '/contract/docs',
      name,
      undefined,
      JSON.stringify(options),
    ) as Promise<{ id: string; path: string; name: string; size: number; access: string }>;

  it('uploads into folders made along the path, finds the file by path, replaces it in place', async () => {
    const made = await upload('a.pdf', 'one');
    expect(made).toMatchObject({ path: '/contract/docs/a.pdf', name: 'a', size: 3, access: 'PRIVATE' });
    const stat = await client.files.filesApi.getMetadata('/contract/docs/a.pdf');
    expect(stat.file).toMatchObject({ id: made.id, extension: 'pdf', type: 'DOCUMENT' });
    expect((await client.files.filesApi.getMetadata('/contract/docs')).folder).toMatchObject({
      name: 'docs',
    });

    const replaced = (await client.files.filesApi.replace(made.id, {
      data: Buffer.from('two!'),
      name: 'x.pdf',
    })) as {
      id: string;
      path: string;
      size: number;
    };
    expect(replaced).toMatchObject({ id: made.id, path: '/contract/docs/a.pdf', size: 4 });
    expect(emulator.files.of(PORTAL).files.get(made.id)?.data.toString()).toBe('two!');
  });

  it('gives a taken name a suffix unless told to overwrite', async () => {
    const first = await upload('b.pdf', 'one');
    const second = await upload('b.pdf', 'two');
    expect(second.path).toBe('/contract/docs/b-1.pdf');
    const overwritten = await upload('b.pdf', 'three', { access: 'PRIVATE', overwrite: true });
    expect(overwritten.id).toBe(first.id);
  });

  it('answers 404 for a path with nothing at it, 400 without access, 403 without the files scope', async () => {
    await expect(client.files.filesApi.getMetadata('/contract/none.pdf')).rejects.toMatchObject({
      code: 404,
    });
    await expect(upload('c.pdf', 'x', {})).rejects.toMatchObject({ code: 400 });
    emulator.registerStaticToken(PORTAL, 'no-files-scope-token', ['crm.objects.deals.read']);
    const other = new Client({
      accessToken: 'no-files-scope-token',
      basePath: server.url,
      numberOfApiCallRetries: 0,
    });
    await expect(other.files.filesApi.getMetadata('/contract/docs/a.pdf')).rejects.toMatchObject({
      code: 403,
    });
  });
});
