import { createHash } from 'node:crypto';
import { createHmac } from 'node:crypto';
import type { SandboxClock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { bearerToken, send } from '../core/http';
import { uuidFrom, type Rng } from '../core/random';
import { SandboxHttpError, type SandboxContext, type SandboxHandler } from '../core/server';
import { errorBody, hubspotError, type CorrelationIds } from './errors';
import { tokenRevocationRoutes } from './tokenRevocation';

/**
 * HubSpot OAuth 2.0 as an app sees it:
 * - `GET /oauth/authorize`: the install/consent page; the sandbox consents at once and redirects to
 *   `redirect_uri` with `code`, and `state` when the link carried one (the app's install link need
 *   not: it may start at HubSpot). `GET /oauth/{hubId}/authorize` is the link for one account, as
 *   HubSpot documents it; elsewhere the sandbox extension `hub_id` picks the portal.
 * - token endpoints, form-encoded with the client credentials in the body:
 *   `POST /oauth/2026-03/token` (current, date-versioned), `POST /oauth/v3/token` (its predecessor),
 *   and `POST /oauth/v1/token` — DEPRECATED by HubSpot (sunset 16 Feb 2027) but still what
 *   @hubspot/api-client 13.x calls (`client.oauth.tokensApi.create`).
 * - `authorization_code` and `refresh_token` grants; access tokens live 1800 s; refresh tokens do not
 *   rotate (a refresh answers with the same refresh token) and live until revoked.
 * - metadata: `GET /oauth/v1/access-tokens/{token}` and `GET|DELETE /oauth/v1/refresh-tokens/{token}`
 *   (what the SDK's accessTokensApi/refreshTokensApi call), and the current
 *   `POST /oauth/2026-03/token/introspect` (also `/oauth/v3/token/introspect`).
 * - static tokens for apps installed in a single account (private apps / service keys): no expiry,
 *   registered with `registerStaticToken`.
 * https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens
 */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Scopes the app may request; empty means any. */
  scopes: string[];
  appId: number;
}

export interface AccessGrant {
  kind: 'oauth' | 'static';
  token: string;
  portalId: number;
  scopes: string[];
  /** undefined: never expires (static tokens). */
  expiresAt: number | undefined;
  clientId?: string;
  appId: number;
  refreshToken?: string;
}

interface RefreshGrant {
  clientId: string;
  portalId: number;
  scopes: string[];
}

export const ACCESS_TTL_SECONDS = 1800;
const CODE_TTL_MS = 10 * 60_000;
const SANDBOX_USER = { id: 1, email: 'sandbox.user@example.com' };
const NOT_FOUND_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

type TokenApiVersion = 'v1' | 'v3' | '2026-03';

/** HubSpot's OAuth status codes as RFC 6749 error codes (section 5.2). */
const RFC6749_ERROR: Record<string, string> = {
  BAD_REFRESH_TOKEN: 'invalid_grant',
  BAD_AUTH_CODE: 'invalid_grant',
  BAD_REDIRECT_URI: 'invalid_grant',
  BAD_CLIENT_ID: 'invalid_client',
  BAD_CLIENT_SECRET: 'invalid_client',
  BAD_GRANT_TYPE: 'unsupported_grant_type',
};

export class HubSpotOAuth {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<
    string,
    {
      clientId: string;
      redirectUri: string;
      portalId: number;
      scopes: string[];
      expiresAt: number;
      /** PKCE (S256) challenge from the authorize request, when the app sent one. */
      codeChallenge: string | undefined;
    }
  >();
  private readonly access = new Map<string, AccessGrant>();
  private readonly refresh = new Map<string, RefreshGrant>();
  readonly stats = { issued: 0, refreshed: 0, rejected: 0 };

  constructor(
    private readonly clock: SandboxClock,
    private readonly faults: FaultInjector,
    private readonly rng: Rng,
    private readonly ids: CorrelationIds,
    private readonly defaultPortalId: number,
    /** Called when a token names a portal, so the emulator can make its store. */
    private readonly ensurePortal: (portalId: number) => void,
  ) {}

  reset(): void {
    this.clients.clear();
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
    Object.assign(this.stats, { issued: 0, refreshed: 0, rejected: 0 });
  }

  registerClient(client: Omit<OAuthClient, 'scopes' | 'appId'> & Partial<OAuthClient>): OAuthClient {
    const full: OAuthClient = {
      scopes: [],
      appId: 1_000_000 + this.clients.size + 1,
      ...client,
    };
    this.clients.set(full.clientId, full);
    return full;
  }

  client(clientId: string): OAuthClient | undefined {
    return this.clients.get(clientId);
  }

  clientsList(): OAuthClient[] {
    return [...this.clients.values()];
  }

  /** A never-expiring token of an app installed in one account (private app / service key). */
  registerStaticToken(portalId: number, token: string, scopes: string[]): void {
    this.ensurePortal(portalId);
    this.access.set(token, { kind: 'static', token, portalId, scopes, expiresAt: undefined, appId: 0 });
  }

  /** Issues a token pair for a registered client without the browser step (control API, seeding). */
  issueTokens(clientId: string, portalId = this.defaultPortalId, scopes?: string[]): Record<string, unknown> {
    const client = this.clients.get(clientId);
    if (!client) throw new Error(`no client ${clientId}`);
    this.ensurePortal(portalId);
    return this.tokenResponse(client, portalId, withOauth(scopes ?? client.scopes));
  }

  /** Fault injection: the refresh token (and access tokens issued from it) stop working. */
  revokeRefreshToken(token: string): boolean {
    const existed = this.refresh.delete(token);
    for (const [key, grant] of this.access) if (grant.refreshToken === token) this.access.delete(key);
    return existed;
  }

  /** Fault injection: every OAuth access token (not static ones) is expired now. */
  expireAccessTokens(): number {
    let count = 0;
    for (const grant of this.access.values()) {
      if (grant.kind === 'oauth') {
        grant.expiresAt = this.clock.now() - 1;
        count++;
      }
    }
    return count;
  }

  /**
   * The grant behind the bearer token: 401 in HubSpot's shape when missing, unknown or expired; 403
   * MISSING_SCOPES when it lacks `scope` (any of `scope` when an array).
   */
  authenticate(ctx: SandboxContext, scope?: string | string[]): AccessGrant {
    const token = bearerToken(ctx.req);
    const grant = token ? this.access.get(token) : undefined;
    const request = { method: ctx.req.method ?? 'GET', path: ctx.url.pathname };
    if (!token || !grant) throw this.unauthorized('INVALID_AUTHENTICATION', NOT_FOUND_MESSAGE);
    if (this.faults.draw(['revoke_token'], request)) {
      this.access.delete(token);
      if (grant.refreshToken) this.revokeRefreshToken(grant.refreshToken);
      throw this.unauthorized('INVALID_AUTHENTICATION', NOT_FOUND_MESSAGE);
    }
    if (this.faults.draw(['expire_token'], request) && grant.kind === 'oauth')
      grant.expiresAt = this.clock.now() - 1;
    if (grant.expiresAt !== undefined && grant.expiresAt <= this.clock.now()) {
      const minutes = Math.max(0, Math.floor((this.clock.now() - grant.expiresAt) / 60_000));
      throw this.unauthorized(
        'EXPIRED_AUTHENTICATION',
        `The OAuth token used to make this call expired ${minutes} minute(s) ago.`,
      );
    }
    if (scope !== undefined) this.requireScopes(grant, scope);
    return grant;
  }

  /** 403 MISSING_SCOPES unless the grant holds `scope` (any of them when an array). */
  requireScopes(grant: AccessGrant, scope: string | string[]): void {
    const wanted = Array.isArray(scope) ? scope : [scope];
    if (wanted.length > 0 && !wanted.some((s) => grant.scopes.includes(s))) {
      this.stats.rejected++;
      throw new SandboxHttpError(
        403,
        errorBody(
          this.ids(),
          'MISSING_SCOPES',
          "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: https://developers.hubspot.com/scopes.",
          {
            errors: [
              {
                message: 'One or more of the following scopes are required.',
                context: { requiredGranularScopes: wanted },
              },
            ],
            links: { scopes: 'https://developers.hubspot.com/scopes' },
          },
        ),
      );
    }
  }

  routes(on: (method: 'GET' | 'POST' | 'DELETE', path: string, handler: SandboxHandler) => void): void {
    on('GET', '/oauth/authorize', (ctx) => this.authorize(ctx, ctx.url.searchParams.get('hub_id')));
    on('GET', '/oauth/:hubId/authorize', (ctx) => this.authorize(ctx, ctx.params.hubId ?? null));
    // Deprecated by HubSpot (sunset 2027-02-16); @hubspot/api-client 13.x still calls it.
    on('POST', '/oauth/v1/token', ({ res, body }) => send(res, 200, this.token(formOf(body), 'v1')));
    on('POST', '/oauth/v3/token', ({ res, body }) => send(res, 200, this.token(formOf(body), 'v3')));
    on('POST', '/oauth/2026-03/token', ({ res, body }) =>
      send(res, 200, this.token(formOf(body), '2026-03')),
    );
    on('POST', '/oauth/v3/token/introspect', ({ res, body }) =>
      send(res, 200, this.introspect(formOf(body))),
    );
    on('POST', '/oauth/2026-03/token/introspect', ({ res, body }) =>
      send(res, 200, this.introspect(formOf(body))),
    );
    tokenRevocationRoutes(on, this, this.ids);
    on('GET', '/oauth/v1/access-tokens/:token', ({ res, params }) => {
      const grant = this.access.get(params.token ?? '');
      if (!grant || (grant.expiresAt !== undefined && grant.expiresAt <= this.clock.now()))
        throw hubspotError(this.ids, 404, 'OBJECT_NOT_FOUND', 'Token not found');
      send(res, 200, {
        token: grant.token,
        user: SANDBOX_USER.email,
        hub_domain: hubDomain(grant.portalId),
        scopes: grant.scopes,
        hub_id: grant.portalId,
        app_id: grant.appId,
        expires_in: this.expiresIn(grant),
        user_id: SANDBOX_USER.id,
        token_type: 'access',
      });
    });
    on('GET', '/oauth/v1/refresh-tokens/:token', ({ res, params }) => {
      const grant = this.refresh.get(params.token ?? '');
      if (!grant) throw hubspotError(this.ids, 404, 'OBJECT_NOT_FOUND', 'Token not found');
      send(res, 200, {
        token: params.token,
        user: SANDBOX_USER.email,
        hub_domain: hubDomain(grant.portalId),
        scopes: grant.scopes,
        hub_id: grant.portalId,
        client_id: grant.clientId,
        user_id: SANDBOX_USER.id,
        token_type: 'refresh',
      });
    });
    on('DELETE', '/oauth/v1/refresh-tokens/:token', ({ res, params }) => {
      if (!this.revokeRefreshToken(params.token ?? ''))
        throw hubspotError(this.ids, 404, 'OBJECT_NOT_FOUND', 'Token not found');
      send(res, 204, null);
    });
  }

  private authorize({ res, url }: SandboxContext, hubId: string | null): void {
    const clientId = url.searchParams.get('client_id') ?? '';
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    const client = this.clients.get(clientId);
    if (!client || (client.redirectUris.length > 0 && !client.redirectUris.includes(redirectUri))) {
      return send(res, 400, {
        status: 'BAD_CLIENT_ID',
        message: 'missing or invalid client_id or redirect_uri',
        correlationId: this.ids(),
      });
    }
    const requested = splitScopes(url.searchParams.get('scope'));
    const optional = splitScopes(url.searchParams.get('optional_scope'));
    const outside = requested.filter((s) => client.scopes.length > 0 && !client.scopes.includes(s));
    if (outside.length > 0) {
      return send(res, 400, {
        status: 'BAD_SCOPES',
        message: `the app does not request these scopes in its settings: ${outside.join(' ')}`,
        correlationId: this.ids(),
      });
    }
    const granted = [
      ...requested,
      ...optional.filter((s) => client.scopes.length === 0 || client.scopes.includes(s)),
    ];
    const hub = Number(hubId ?? this.defaultPortalId);
    const portalId = Number.isSafeInteger(hub) && hub > 0 ? hub : this.defaultPortalId;
    this.ensurePortal(portalId);
    const code = uuidFrom(this.rng);
    this.codes.set(code, {
      clientId,
      redirectUri,
      portalId,
      scopes: withOauth(granted),
      expiresAt: this.clock.now() + CODE_TTL_MS,
      codeChallenge: url.searchParams.get('code_challenge') ?? undefined,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state !== null) target.searchParams.set('state', state);
    send(res, 302, null, { location: target.toString() });
  }

  private token(form: Record<string, string>, version: TokenApiVersion): Record<string, unknown> {
    const client = this.clients.get(form.client_id ?? '');
    if (!client) throw this.tokenError(version, 'BAD_CLIENT_ID', 'missing or invalid client_id', 'client_id');
    if (client.clientSecret !== form.client_secret)
      throw this.tokenError(
        version,
        'BAD_CLIENT_SECRET',
        'missing or invalid client_secret',
        'client_secret',
      );
    // The date-versioned endpoint infers the grant from the parameters when grant_type is absent.
    const grantType =
      form.grant_type ?? (form.code ? 'authorization_code' : form.refresh_token ? 'refresh_token' : '');
    if (grantType === 'authorization_code') {
      const code = this.codes.get(form.code ?? '');
      if (!code || code.clientId !== client.clientId || code.expiresAt <= this.clock.now())
        throw this.tokenError(version, 'BAD_AUTH_CODE', 'missing or unknown auth code', 'code');
      if (code.redirectUri !== form.redirect_uri)
        throw this.tokenError(version, 'BAD_REDIRECT_URI', 'redirect_uri does not match', 'redirect_uri');
      // PKCE: a code issued against a challenge needs the verifier that hashes to it (S256).
      if (
        code.codeChallenge !== undefined &&
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') !== code.codeChallenge
      )
        throw this.tokenError(
          version,
          'BAD_AUTH_CODE',
          'code_verifier does not match the code challenge',
          'code_verifier',
        );
      this.codes.delete(form.code ?? '');
      return this.tokenResponse(client, code.portalId, code.scopes);
    }
    if (grantType === 'refresh_token') {
      const refresh = this.refresh.get(form.refresh_token ?? '');
      if (!refresh || refresh.clientId !== client.clientId) {
        throw this.tokenError(
          version,
          'BAD_REFRESH_TOKEN',
          'missing or unknown refresh token',
          'refresh_token',
        );
      }
      this.stats.refreshed++;
      // HubSpot keeps the refresh token stable across refreshes.
      return this.tokenResponse(client, refresh.portalId, refresh.scopes, form.refresh_token);
    }
    throw this.tokenError(version, 'BAD_GRANT_TYPE', 'missing or unknown grant type', 'grant_type');
  }

  private introspect(form: Record<string, string>): Record<string, unknown> {
    const client = this.clients.get(form.client_id ?? '');
    if (!client || client.clientSecret !== form.client_secret)
      throw this.tokenError('2026-03', 'BAD_CLIENT_ID', 'missing or invalid client credentials', 'client_id');
    const token = form.token ?? '';
    const grant = this.access.get(token);
    if (grant && grant.clientId === client.clientId && form.token_type_hint !== 'refresh_token') {
      if (grant.expiresAt !== undefined && grant.expiresAt <= this.clock.now()) return { active: false };
      return {
        token_use: 'access_token',
        active: true,
        token,
        hub_id: grant.portalId,
        user_id: SANDBOX_USER.id,
        client_id: client.clientId,
        app_id: client.appId,
        scopes: grant.scopes,
        signed_access_token: {
          appId: client.appId,
          expiresAt: grant.expiresAt,
          hubId: grant.portalId,
          hublet: 'na1',
          installingUserId: SANDBOX_USER.id,
          isPrivateDistribution: false,
          isServiceAccount: false,
          isUserLevel: false,
          scopes: grant.scopes.join(' '),
          userId: SANDBOX_USER.id,
        },
        expires_in: this.expiresIn(grant),
        is_private_distribution: false,
        token_type: 'bearer',
        user: SANDBOX_USER.email,
        hub_domain: hubDomain(grant.portalId),
      };
    }
    const refresh = this.refresh.get(token);
    if (refresh && refresh.clientId === client.clientId) {
      return {
        token_use: 'refresh_token',
        active: true,
        token,
        hub_id: refresh.portalId,
        user_id: SANDBOX_USER.id,
        client_id: client.clientId,
        scopes: refresh.scopes,
        token_type: 'refresh',
        user: SANDBOX_USER.email,
        hub_domain: hubDomain(refresh.portalId),
      };
    }
    return { active: false };
  }

  private expiresIn(grant: AccessGrant): number {
    return grant.expiresAt === undefined
      ? 0
      : Math.max(0, Math.ceil((grant.expiresAt - this.clock.now()) / 1000));
  }

  private tokenResponse(
    client: OAuthClient,
    portalId: number,
    scopes: string[],
    existingRefresh?: string,
  ): Record<string, unknown> {
    const refreshToken =
      existingRefresh ?? `na1-${uuidFrom(this.rng).slice(0, 23)}-${uuidFrom(this.rng).slice(24)}`;
    const accessToken = accessTokenFor(uuidFrom(this.rng), portalId);
    this.refresh.set(refreshToken, { clientId: client.clientId, portalId, scopes });
    this.access.set(accessToken, {
      kind: 'oauth',
      token: accessToken,
      portalId,
      scopes,
      expiresAt: this.clock.now() + ACCESS_TTL_SECONDS * 1000,
      clientId: client.clientId,
      appId: client.appId,
      refreshToken,
    });
    this.stats.issued++;
    return {
      token_type: 'bearer',
      refresh_token: refreshToken,
      access_token: accessToken,
      expires_in: ACCESS_TTL_SECONDS,
      hub_id: portalId,
      user_id: SANDBOX_USER.id,
      scopes,
    };
  }

  /**
   * v1 answers `{status: 'BAD_REFRESH_TOKEN', message, correlationId}`. The v3 and date-versioned
   * endpoints answer RFC 6749 errors and keep HubSpot's fields for compatibility:
   * `{error: 'invalid_grant', error_description, status: 'BAD_REFRESH_TOKEN', message}`
   * (https://developers.hubspot.com/changelog/new-oauth-v3-api-endpoints-and-standardized-error-responses).
   */
  private tokenError(
    version: TokenApiVersion,
    status: string,
    message: string,
    field: string,
  ): SandboxHttpError {
    this.stats.rejected++;
    if (version === 'v1') return new SandboxHttpError(400, { status, message, correlationId: this.ids() });
    return new SandboxHttpError(400, {
      error: RFC6749_ERROR[status] ?? 'invalid_request',
      error_description: message,
      status,
      message,
      correlationId: this.ids(),
      in: field,
    });
  }

  private unauthorized(
    category: 'INVALID_AUTHENTICATION' | 'EXPIRED_AUTHENTICATION',
    message: string,
  ): SandboxHttpError {
    this.stats.rejected++;
    return hubspotError(this.ids, 401, category, message);
  }
}

/** HubSpot access tokens are opaque, region-prefixed and up to 300 characters. */
function accessTokenFor(uuid: string, portalId: number): string {
  const sig = createHmac('sha256', 'hubspot-sandbox').update(`${uuid}:${portalId}`).digest('base64url');
  return `CN-sandbox-${portalId}-${uuid}-${sig}`;
}

function hubDomain(portalId: number): string {
  return `sandbox-${portalId}.hubspot.com`;
}

function splitScopes(raw: string | null): string[] {
  return (raw ?? '').split(/[\s+]+/).filter((s) => s.length > 0);
}

function withOauth(scopes: string[]): string[] {
  return [...new Set(['oauth', ...scopes])];
}

function formOf(body: unknown): Record<string, string> {
  if (!body || typeof body !== 'object') return {};
  return Object.fromEntries(
    Object.entries(body as Record<string, unknown>).filter(
      (e): e is [string, string] => typeof e[1] === 'string',
    ),
  );
}
