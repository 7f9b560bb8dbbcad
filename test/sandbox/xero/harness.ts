import { createHash, randomBytes } from 'node:crypto';
import { Issuer } from 'openid-client';
import { XeroClient } from 'xero-node';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import { createXeroEmulator, type XeroEmulator, type XeroEmulatorOptions } from '../../../sandbox/xero';
import type { XeroSeed } from '../../../sandbox/xero/seed';

export const CLIENT = {
  clientId: 'LEDGERBRIDGEDEMOCLIENT',
  clientSecret: 'demo-secret',
  redirectUris: ['http://127.0.0.1:3030/oauth/xero/callback'],
};

export interface XeroHarness {
  emulator: XeroEmulator;
  server: SandboxServer;
  xero: XeroClient;
  tenantId: string;
  tokenSet: { access_token: string; refresh_token: string; expires_at?: number };
  close(): Promise<void>;
}

/**
 * The emulator on a free port, a registered app, a seeded organisation, and a real xero-node client
 * that went through the authorization-code flow with PKCE (openid-client, as xero-node uses it).
 */
export async function startXero(
  options: XeroEmulatorOptions & { seed?: number; dataset?: XeroSeed } = {},
): Promise<XeroHarness> {
  const emulator = createXeroEmulator(options);
  const server = await startSandboxServer(emulator);
  emulator.identity.registerClient(CLIENT);
  const { tenantId } = emulator.seedDataset({
    asOf: '2026-11-01',
    contacts: 10,
    invoices: 30,
    ...options.dataset,
  });

  const xero = new XeroClient({
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    redirectUris: CLIENT.redirectUris,
    scopes: ['offline_access', 'accounting.invoices'],
  });
  xero.openIdClient = openIdClientFor(server.url);
  xero.accountingApi.basePath = `${server.url}/api.xro/2.0`;
  const tokenSet = await authorize(server.url, xero);
  xero.setTokenSet(tokenSet);
  return { emulator, server, xero, tenantId, tokenSet, close: () => server.close() };
}

export function openIdClientFor(baseUrl: string) {
  const issuer = new Issuer({
    issuer: baseUrl,
    authorization_endpoint: `${baseUrl}/identity/connect/authorize`,
    token_endpoint: `${baseUrl}/connect/token`,
    revocation_endpoint: `${baseUrl}/connect/revocation`,
  });
  return new issuer.Client({
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    redirect_uris: CLIENT.redirectUris,
    response_types: ['code'],
  });
}

/** Drives the consent redirect as a browser would, then exchanges the code with PKCE. */
export async function authorize(
  baseUrl: string,
  xero: XeroClient,
  scope = 'offline_access accounting.invoices accounting.contacts',
): Promise<{ access_token: string; refresh_token: string; expires_at?: number }> {
  const verifier = randomBytes(32).toString('base64url');
  const url = xero.openIdClient.authorizationUrl({
    redirect_uri: CLIENT.redirectUris[0],
    scope,
    state: 'state-123',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const consent = await fetch(url, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`authorize answered ${consent.status}`);
  const params = xero.openIdClient.callbackParams(location);
  const tokens = await xero.openIdClient.oauthCallback(CLIENT.redirectUris[0] as string, params, {
    state: 'state-123',
    code_verifier: verifier,
  });
  if (!tokens.access_token || !tokens.refresh_token) throw new Error('no tokens');
  return {
    access_token: tokens.access_token,
    refresh_token: tokens.refresh_token,
    ...(tokens.expires_at ? { expires_at: tokens.expires_at } : {}),
  };
}

/** xero-node rejects with a JSON string of { response: { statusCode, body, headers } }. */
export function xeroError(err: unknown): {
  statusCode: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
} {
  const parsed = JSON.parse(String(err)) as {
    response: { statusCode: number; body: Record<string, unknown>; headers: Record<string, string> };
  };
  return parsed.response;
}

export async function expectXeroError(promise: Promise<unknown>): Promise<ReturnType<typeof xeroError>> {
  try {
    await promise;
  } catch (err) {
    return xeroError(err);
  }
  throw new Error('expected the call to fail');
}
