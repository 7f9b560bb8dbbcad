import { Client } from '@hubspot/api-client';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import {
  createHubspotEmulator,
  type HubSpotEmulator,
  type HubSpotEmulatorOptions,
} from '../../../sandbox/hubspot';
import type { HubSpotSeed } from '../../../sandbox/hubspot/seed';

export const SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.line_items.read',
  'crm.objects.line_items.write',
  'crm.schemas.deals.read',
  'crm.schemas.deals.write',
  'crm.schemas.contacts.read',
  'crm.schemas.companies.read',
];

export const CLIENT = {
  clientId: 'ledgerbridge-hubspot-test',
  clientSecret: 'hubspot-test-client-secret',
  redirectUris: ['http://127.0.0.1:3030/oauth/hubspot/callback'],
  scopes: SCOPES,
  appId: 4242,
};
export const REDIRECT_URI = CLIENT.redirectUris[0] as string;

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface HubSpotHarness {
  emulator: HubSpotEmulator;
  server: SandboxServer;
  /** A real @hubspot/api-client pointed at the emulator, holding an OAuth access token. */
  hubspot: Client;
  tokens: TokenSet;
  /** A client with the given token (or none) against the emulator. */
  clientWith(accessToken?: string, extra?: Record<string, unknown>): Client;
  close(): Promise<void>;
}

/**
 * The emulator on a free port, a registered OAuth app, optionally a seeded portal, and a real
 * @hubspot/api-client that went through the authorization-code flow (consent redirect + SDK token
 * exchange). The SDK honours `basePath` for every generated API and for `apiRequest`.
 */
export async function startHubSpot(
  options: HubSpotEmulatorOptions & { dataset?: HubSpotSeed | false; scopes?: string[] } = {},
): Promise<HubSpotHarness> {
  const emulator = createHubspotEmulator(options);
  const server = await startSandboxServer(emulator);
  emulator.registerClient(CLIENT);
  if (options.dataset !== false) emulator.seedDataset(options.dataset ?? {});
  const clientWith = (accessToken?: string, extra: Record<string, unknown> = {}) =>
    new Client({ basePath: server.url, ...(accessToken ? { accessToken } : {}), ...extra });
  const tokens = await authorize(server.url, options.scopes ?? SCOPES);
  return {
    emulator,
    server,
    hubspot: clientWith(tokens.accessToken),
    tokens,
    clientWith,
    close: () => server.close(),
  };
}

/** The install flow: follow the consent redirect as a browser would, then exchange the code with the SDK. */
export async function authorize(
  baseUrl: string,
  scopes: string[],
  extraQuery: Record<string, string> = {},
): Promise<TokenSet> {
  const code = await consent(baseUrl, scopes, extraQuery);
  const sdk = new Client({ basePath: baseUrl });
  const tokens = await sdk.oauth.tokensApi.create(
    'authorization_code',
    code,
    REDIRECT_URI,
    CLIENT.clientId,
    CLIENT.clientSecret,
  );
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresIn: tokens.expiresIn };
}

export async function consent(
  baseUrl: string,
  scopes: string[],
  extraQuery: Record<string, string> = {},
): Promise<string> {
  // The SDK builds the install URL on app.hubspot.com; the sandbox serves the same path.
  const sdkUrl = new Client().oauth.getAuthorizationUrl(
    CLIENT.clientId,
    REDIRECT_URI,
    scopes.join(' '),
    undefined,
    'st-1',
  );
  const url = new URL(sdkUrl.replace('https://app.hubspot.com', baseUrl));
  for (const [k, v] of Object.entries(extraQuery)) url.searchParams.set(k, v);
  const res = await fetch(url, { redirect: 'manual' });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location)
    throw new Error(`authorize answered ${res.status}: ${await res.text()}`);
  const redirect = new URL(location);
  if (redirect.searchParams.get('state') !== 'st-1') throw new Error('state not returned');
  return redirect.searchParams.get('code') ?? '';
}

/** The SDK's ApiException: HTTP code, the parsed body and the response headers. */
export interface SdkError {
  code: number;
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

export async function expectApiError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (err) {
    const e = err as Partial<SdkError>;
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, body: (e.body ?? {}) as Record<string, unknown>, headers: e.headers ?? {} };
  }
  throw new Error('expected the call to fail');
}

/** HubSpot correlation ids are UUIDs. */
export const UUID = expect.stringMatching(
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
);
