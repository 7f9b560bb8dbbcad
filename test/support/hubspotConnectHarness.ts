import { SANDBOX_HUBSPOT_CLIENT } from '../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createHubspotEmulator, type HubSpotEmulator, type HubSpotSeed } from '../../sandbox/hubspot';
import { HubspotConnectFlow, HubspotStaticTokenFlow } from '../../worker/connections/connectHubspot';
import { hubspotTokenInfo } from '../../worker/connections/connectHubspotToken';
import { describePortal } from '../../worker/connectors/hubspot/hubspotApi';
import { HUBSPOT_SCOPES } from '../../worker/connectors/hubspot/hubspotEndpoints';
import { startConnectHarness, type ConnectHarness } from './connectHarness';
import { freePort } from './ports';

export interface HubspotConnectHarness extends ConnectHarness {
  emulator: HubSpotEmulator;
  server: SandboxServer;
  /** The ingress's OAuth callback, registered with the sandbox's OAuth client. */
  redirectUri: string;
  /** A single-account install's flow for a private app token (no refresh workflow: nothing to refresh). */
  staticTokenFlow(accessToken: string): HubspotStaticTokenFlow;
}

/**
 * A HubSpot sandbox whose OAuth client redirects to the worker's ingress, and the worker connecting
 * portals through `/oauth/hubspot/start` and `/callback` (the refresh workflow started on connect).
 */
export async function startHubspotConnectHarness(options: {
  /** The portal the sandbox's consent picks unless the authorize URL names another (`hub_id`). */
  portalId: number;
  seed?: HubSpotSeed;
}): Promise<HubspotConnectHarness> {
  const ingressPort = await freePort();
  const redirectUri = `http://127.0.0.1:${ingressPort}/oauth/hubspot/callback`;
  const emulator = createHubspotEmulator({ portalId: options.portalId });
  if (options.seed) emulator.seedDataset(options.seed);
  const server = await startSandboxServer(emulator);
  emulator.registerClient({ ...SANDBOX_HUBSPOT_CLIENT, redirectUris: [redirectUri], scopes: HUBSPOT_SCOPES });
  const worker = await startConnectHarness({
    env: { SANDBOX_HUBSPOT_PORT: String(server.port) },
    ingressPort,
    flows: ({ services, onConnected }) => ({
      hubspot: new HubspotConnectFlow({
        auth: services.hubspot.auth!,
        sessions: services.sessions,
        connections: services.connections,
        installs: services.installs,
        describeToken: hubspotTokenInfo(server.url),
        redirectUri,
        onConnected,
      }),
    }),
  });
  return {
    ...worker,
    emulator,
    server,
    redirectUri,
    staticTokenFlow: (accessToken) =>
      new HubspotStaticTokenFlow({
        accessToken,
        connections: worker.services.connections,
        installs: worker.services.installs,
        describePortal: (token) => describePortal(server.url, token),
        onConnected: async () => {},
      }),
    async close() {
      await worker.close();
      await server.close();
    },
  };
}
