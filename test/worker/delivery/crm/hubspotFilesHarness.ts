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

export const FILES_PORTAL = 717171;

/**
 * The real HubspotCrm over a sandbox portal whose static token has the given scopes (the app's,
 * plus `files` unless told otherwise), with a real store.
 */
export async function hubspotCrmWithScopes(
  scopes: string[] = [...HUBSPOT_SCOPES, 'files'],
): Promise<{ crm: HubspotCrm; emulator: HubSpotEmulator; server: SandboxServer; close(): Promise<void> }> {
  const token = `invoice-files-${randomBytes(8).toString('hex')}`;
  const emulator = createHubspotEmulator({ portalId: FILES_PORTAL });
  emulator.registerStaticToken(FILES_PORTAL, token, scopes);
  const server = await startSandboxServer(emulator);
  const store: Store = await createTestStore('pglite');
  const connections = new ConnectionStore(
    store.db,
    new SecretBox(parseKeyring(`k:${randomBytes(32).toString('base64')}`)),
  );
  const connection = await connections.save({
    vendor: 'hubspot',
    externalId: String(FILES_PORTAL),
    displayName: 'Invoice files portal',
    scopes,
    settings: {},
    tokens: { accessToken: token },
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
