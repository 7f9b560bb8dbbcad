import { randomInt } from 'node:crypto';
import { SANDBOX_ZOHO_CLIENT } from '../../sandbox';
import { startSandboxServer, type SandboxServer } from '../../sandbox/core/server';
import { createZohoEmulator, type ZohoEmulator } from '../../sandbox/zoho';
import type { ConnectionStore } from '../../worker/connections/connectionStore';
import { zohoAuthFor } from '../../worker/connectors/zoho/zohoAuthFor';
import { ZohoClient } from '../../worker/connectors/zoho/zohoClient';

const REDIRECT_URI = 'http://127.0.0.1:9/oauth/zoho/callback';

export interface ZohoSandbox {
  emulator: ZohoEmulator;
  server: SandboxServer;
  orgId: string;
  /** The typed client on the org with the connection's stored token: for reading back what the worker wrote. */
  client(): ZohoClient;
}

/** The Zoho emulator with one org of the suite's own (its org and record IDs unique in the run). */
export async function startZohoSandbox(): Promise<{
  emulator: ZohoEmulator;
  server: SandboxServer;
  orgId: string;
}> {
  const emulator = createZohoEmulator();
  // Workflow IDs carry the org and record IDs, and suites share one Temporal server.
  const n = randomInt(1, 2 ** 40);
  const { orgId } = emulator.createOrg({
    dc: 'eu',
    name: 'Zoho org',
    orgId: String(70_000_000_000_000 + n),
    idPrefix: String(4_000_000_000_000 + randomInt(0, 999_999_999_999)).padStart(13, '0'),
  });
  emulator.registerClient({ ...SANDBOX_ZOHO_CLIENT, redirectUris: [REDIRECT_URI] });
  const server = await startSandboxServer(emulator);
  return { emulator, server, orgId };
}

/**
 * Connects the org as an admin would: consent at Zoho's US accounts server (which sends the
 * browser back naming the org's data centre), the code exchanged there, the connection saved with
 * its data centre, accounts server and API domain.
 */
export async function connectZohoOrg(
  sandbox: { emulator: ZohoEmulator; server: SandboxServer; orgId: string },
  connections: ConnectionStore,
  installationId?: string,
): Promise<ZohoSandbox> {
  const auth = zohoAuthFor({ mode: 'sandbox', baseUrl: sandbox.server.url });
  sandbox.emulator.setConsentOrg(sandbox.orgId);
  const res = await fetch(auth.consentUrl({ state: 'suite', redirectUri: REDIRECT_URI }), {
    redirect: 'manual',
  });
  if (res.status !== 302) throw new Error(`Zoho consent answered ${res.status}`);
  const back = auth.readConsentRedirect(new URL(res.headers.get('location') ?? '').searchParams);
  const grant = await auth.exchangeCode({
    code: back.code,
    accountsServer: back.accountsServer,
    redirectUri: REDIRECT_URI,
  });
  const connection = await connections.save({
    ...(installationId ? { installationId } : {}),
    vendor: 'zoho',
    externalId: sandbox.orgId,
    displayName: 'Zoho org',
    scopes: grant.scopes,
    settings: { dc: grant.dc, accountsServer: grant.accountsServer, apiDomain: grant.apiDomain },
    tokens: grant.tokens,
  });
  return {
    ...sandbox,
    client: () =>
      new ZohoClient({
        apiDomain: grant.apiDomain,
        accessToken: async () => (await connections.readTokens(connection.id)).tokens.accessToken,
        onUnauthorized: () => Promise.reject(new Error('the stored Zoho token was refused')),
      }),
  };
}
