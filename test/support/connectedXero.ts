import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator } from '../../sandbox/xero';
import { ConnectionStore, type Connection } from '../../worker/connections/connectionStore';
import { RefreshService } from '../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../worker/connections/secretBox';
import { XeroApi } from '../../worker/connectors/xero/xeroApi';
import { XeroAuth } from '../../worker/connectors/xero/xeroAuth';
import { xeroEndpoints } from '../../worker/connectors/xero/xeroEndpoints';
import { SharedPacer } from '../../worker/pacing/sharedPacer';
import type { Store } from '../../worker/store/store';
import { createTestStore } from './stores';

const CLIENT = { clientId: 'connected-xero-test', clientSecret: 'secret' };

export interface ConnectedXero {
  emulator: XeroEmulator;
  tenantId: string;
  store: Store;
  box: SecretBox;
  connections: ConnectionStore;
  connection: Connection;
  /** XeroApi on the organisation's connection, as the worker builds it (paced, refreshed, classified). */
  api: XeroApi;
  close(): Promise<void>;
}

/**
 * The Xero emulator over HTTP with one organisation (two contacts, no invoices) connected with
 * `scope`, a migrated store holding the connection, and XeroApi on it as the worker builds it.
 */
export async function startConnectedXero(
  options: { scope?: string; installationId?: string } = {},
): Promise<ConnectedXero> {
  const emulator = createXeroEmulator();
  const tenantId = emulator.seedDataset({ contacts: 2, invoices: 0, asOf: '2026-11-01' }).tenantId;
  const server: SandboxServer = await startSandboxServer(emulator);
  emulator.identity.registerClient({ ...CLIENT, redirectUris: [] });
  const store = await createTestStore('pglite');
  const box = new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`));
  const connections = new ConnectionStore(store.db, box);
  const grant = emulator.identity.issueGrant(
    CLIENT.clientId,
    options.scope ?? 'offline_access accounting.transactions',
  );
  const connection = await connections.save({
    vendor: 'xero',
    externalId: tenantId,
    displayName: 'Demo',
    scopes: grant.scope.split(' '),
    tokens: { accessToken: grant.access_token, refreshToken: grant.refresh_token },
    ...(options.installationId ? { installationId: options.installationId } : {}),
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
  const api = new XeroApi({ endpoints, connections, refresh, pacer, connectionId: connection.id });
  return {
    emulator,
    tenantId,
    store,
    box,
    connections,
    connection,
    api,
    close: async () => {
      await store.close();
      await server.close();
    },
  };
}
