import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { startSandboxServer, type SandboxServer } from '../../../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator } from '../../../../sandbox/hubspot';
import { ConnectionStore } from '../../../../worker/connections/connectionStore';
import { RefreshService } from '../../../../worker/connections/refreshService';
import { parseKeyring, SecretBox } from '../../../../worker/connections/secretBox';
import { HubspotCrm } from '../../../../worker/connectors/hubspot/hubspotCrm';
import { HUBSPOT_SCOPES } from '../../../../worker/connectors/hubspot/hubspotEndpoints';
import { SharedPacer } from '../../../../worker/pacing/sharedPacer';
import type { Store } from '../../../../worker/store/store';
import { ReviewQueue } from '../../../../worker/sync/reviewQueue';
import { createTestStore } from '../../../support/stores';

const PORTAL = 707070;
const TOKEN = 'payments-port-static-token';

/** The real HubspotCrm over a sandbox portal (a static token), with a real store. */
export async function hubspotCrmOnSandbox(): Promise<{
  crm: HubspotCrm;
  emulator: HubSpotEmulator;
  server: SandboxServer;
  close(): Promise<void>;
}> {
  const emulator = createHubspotEmulator({ portalId: PORTAL });
  emulator.registerStaticToken(PORTAL, TOKEN, HUBSPOT_SCOPES);
  const server = await startSandboxServer(emulator);
  const store: Store = await createTestStore('pglite');
  const connections = new ConnectionStore(
    store.db,
    new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
  );
  const connection = await connections.save({
    vendor: 'hubspot',
    externalId: String(PORTAL),
    displayName: 'Payments portal',
    scopes: HUBSPOT_SCOPES,
    settings: {},
    tokens: { accessToken: TOKEN },
  });
  const refresh = new RefreshService({
    db: store.db,
    connections,
    refresherFor: () => ({ refresh: () => Promise.reject(new Error('the static token does not expire')) }),
    logger: pino({ level: 'silent' }),
    marginMs: 60_000,
  });
  const pacer = new SharedPacer(store.db, () => ({
    limits: [{ name: 'minute', limit: 60_000, periodMs: 60_000, burst: 500 }],
    concurrency: 5,
  }));
  const crm = new HubspotCrm({
    connection,
    apiBase: server.url,
    connections,
    refresh,
    pacer,
    reviews: new ReviewQueue(store.db),
  });
  return {
    crm,
    emulator,
    server,
    close: async () => {
      await store.close();
      await server.close();
    },
  };
}

/**
 * The writes a sandbox served since `from` (an index into its request log): every request but
 * reads, queries, searches, batch reads and describes.
 */
export function writesSince(server: SandboxServer, from: number): string[] {
  return server
    .requests()
    .slice(from)
    .filter((r) => r.method !== 'GET' && !/\/(search|batch\/read|query)\b/.test(r.path))
    .map((r) => `${r.method} ${r.path}`);
}
