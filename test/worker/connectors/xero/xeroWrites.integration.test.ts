import { randomBytes, randomUUID } from 'node:crypto';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../../../../sandbox/core/server';
import { createXeroEmulator } from '../../../../sandbox/xero';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { RefreshService } from '../../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../../worker/connections/secretBox';
import { XeroApi } from '../../../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../../../worker/connectors/xero/xeroEndpoints';
import { XeroWrites } from '../../../../worker/connectors/xero/xeroWrites';
import { SharedPacer } from '../../../../worker/pacing/sharedPacer';
import type { Store } from '../../../../worker/store/store';
import { createTestStore } from '../../../support/stores';

const CLIENT = { clientId: 'xero-writes-test', clientSecret: 'secret' };

/** The contact lookup of the deal-to-invoice flow against the Xero emulator, through xero-node. */
describe('XeroWrites contact lookup', () => {
  let server: SandboxServer;
  let store: Store;
  let writes: XeroWrites;

  beforeAll(async () => {
    const emulator = createXeroEmulator();
    const { tenantId } = emulator.seedDataset({ contacts: 2, invoices: 0, asOf: '2026-11-01' });
    server = await startSandboxServer(emulator);
    emulator.identity.registerClient({ ...CLIENT, redirectUris: [] });
    store = await createTestStore('pglite');
    const connections = new ConnectionStore(
      store.db,
      new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
    );
    const grant = emulator.identity.issueGrant(CLIENT.clientId, 'offline_access accounting.contacts');
    const connection = await connections.save({
      vendor: 'xero',
      externalId: tenantId,
      displayName: 'Demo',
      scopes: grant.scope.split(' '),
      tokens: { accessToken: grant.access_token, refreshToken: grant.refresh_token },
    });
    const endpoints = xeroEndpoints({
      mode: 'sandbox',
      baseUrl: server.url,
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    const refresh = new RefreshService({
      db: store.db,
      connections,
      refresherFor: () => new XeroAuth(endpoints, CLIENT),
      logger: pino({ level: 'silent' }),
      marginMs: 60_000,
    });
    const pacer = new SharedPacer(store.db, () => ({
      limits: [{ name: 'minute', limit: 600, periodMs: 60_000, burst: 50 }],
      concurrency: 5,
    }));
    writes = new XeroWrites(
      new XeroApi({ endpoints, connections, refresh, pacer, connectionId: connection.id }),
    );
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it('finds a contact whose name holds quotes and backslashes by its exact name, not a look-alike', async () => {
    const quoted = await writes.createContact({ name: 'The "Best" Co', email: null }, randomUUID());
    await writes.createContact({ name: 'The Best Co', email: null }, randomUUID());
    const slashed = await writes.createContact({ name: 'Back\\Slash Ltd', email: null }, randomUUID());
    await writes.createContact({ name: 'BackSlash Ltd', email: null }, randomUUID());

    expect(await writes.findContacts({ name: 'The "Best" Co', email: null })).toEqual([
      { id: quoted, name: 'The "Best" Co' },
    ]);
    expect(await writes.findContacts({ name: 'Back\\Slash Ltd', email: null })).toEqual([
      { id: slashed, name: 'Back\\Slash Ltd' },
    ]);
  });
});
