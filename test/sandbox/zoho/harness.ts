import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SandboxClock } from '../../../sandbox/core/clock';
import { startSandboxServer, type SandboxServer } from '../../../sandbox/core/server';
import {
  createZohoEmulator,
  type DataCentre,
  type ZohoEmulator,
  type ZohoEmulatorOptions,
} from '../../../sandbox/zoho';

/** 2026-01-31T12:00:00Z: tests see the same dates whatever day they run. */
export const START = Date.UTC(2026, 0, 31, 12, 0, 0);
export const CLIENT = {
  clientId: '1000.LEDGERBRIDGESANDBOX',
  clientSecret: 'sandbox-secret-not-for-production',
  redirectUris: ['http://127.0.0.1:9/oauth/zoho/callback'],
};
export const SCOPES =
  'ZohoCRM.modules.ALL,ZohoCRM.coql.READ,ZohoCRM.settings.fields.READ,ZohoCRM.notifications.ALL';

export interface ZohoReply {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

/** A connection as a client holds it after consent and the code exchange. */
export interface Connection {
  accessToken: string;
  refreshToken: string;
  apiDomain: string;
  accountsServer: string;
  location: string;
  /** An API call at the connection's api_domain with its token (or the one given). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ZohoReply>;
}

export interface ZohoHarness {
  emulator: ZohoEmulator;
  server: SandboxServer;
  clock: SandboxClock;
  connect(orgId: string, scope?: string): Promise<Connection>;
  close(): Promise<void>;
}

export async function zohoRequest(url: string, init: RequestInit): Promise<ZohoReply> {
  const res = await fetch(url, init);
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

export function apiCall(apiDomain: string, token: string) {
  return (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    zohoRequest(`${apiDomain}${path}`, {
      method,
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** The token endpoint of an accounts server, called as a server-side app does (form body). */
export function tokenRequest(accountsServer: string, params: Record<string, string>): Promise<ZohoReply> {
  return zohoRequest(`${accountsServer}/oauth/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

/** The consent step, started at the US accounts server as Zoho asks: where the browser is sent back. */
export async function consent(serverUrl: string, orgId: string, scope = SCOPES): Promise<URL> {
  const query = new URLSearchParams({
    scope,
    client_id: CLIENT.clientId,
    response_type: 'code',
    access_type: 'offline',
    redirect_uri: CLIENT.redirectUris[0] ?? '',
    state: 'st-1',
    sandbox_org: orgId,
  });
  const res = await fetch(`${serverUrl}/accounts/us/oauth/v2/auth?${query}`, { redirect: 'manual' });
  if (res.status !== 302) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return new URL(res.headers.get('location') ?? '');
}

export async function startZoho(options: ZohoEmulatorOptions = {}): Promise<ZohoHarness> {
  const clock = new SandboxClock({ startAt: START });
  const emulator = createZohoEmulator({
    clock,
    notifications: { retryDelaysMs: [20, 40], timeoutMs: 2_000 },
    ...options,
  });
  emulator.registerClient(CLIENT);
  const server = await startSandboxServer(emulator);
  return {
    emulator,
    server,
    clock,
    async connect(orgId, scope) {
      const redirect = await consent(server.url, orgId, scope);
      const accountsServer = redirect.searchParams.get('accounts-server') ?? '';
      const tokens = await tokenRequest(accountsServer, {
        grant_type: 'authorization_code',
        client_id: CLIENT.clientId,
        client_secret: CLIENT.clientSecret,
        redirect_uri: CLIENT.redirectUris[0] ?? '',
        code: redirect.searchParams.get('code') ?? '',
      });
      const body = tokens.body ?? {};
      const apiDomain = String(body.api_domain);
      const accessToken = String(body.access_token);
      return {
        accessToken,
        refreshToken: String(body.refresh_token),
        apiDomain,
        accountsServer,
        location: redirect.searchParams.get('location') ?? '',
        call: apiCall(apiDomain, accessToken),
      };
    },
    close: async () => {
      await emulator.idle();
      await server.close();
    },
  };
}

export async function orgIn(
  h: ZohoHarness,
  dc: DataCentre,
): Promise<{ orgId: string; connection: Connection }> {
  const { orgId } = h.emulator.createOrg({ dc });
  return { orgId, connection: await h.connect(orgId) };
}

/** A notify URL on loopback: answers each POST with the next status of `statuses` (then 200). */
export async function startReceiver(statuses: number[] = []): Promise<{
  url: string;
  received: Array<{ url: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}> {
  const received: Array<{ url: string; body: Record<string, unknown> }> = [];
  const queue = [...statuses];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        url: req.url ?? '',
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>,
      });
      res.writeHead(queue.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks/zoho`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
