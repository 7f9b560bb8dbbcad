import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { sandboxApiDomain, type DataCentre } from './dataCentres';
import { ZohoError, invalidToken } from './errors';

/**
 * Zoho Accounts' OAuth 2.0 server, one per data centre: authorization codes bound to the DC of the
 * org that consented, tokens only valid at that DC's API domain. Access tokens live 3600 s (the
 * injected clock decides); refresh tokens do not expire but may be revoked; a refresh token makes
 * at most `refreshesPer10Min` access tokens in ten minutes. Token endpoint failures answer 200
 * with `{"error": …}`, which is how Zoho Accounts answers them and what the SDK's OAuthToken
 * (models/authenticator/oauth_token.ts) reads: it looks for `access_token`, else `error`.
 */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

interface Grant {
  clientId: string;
  orgId: string;
  dc: DataCentre;
  scopes: string[];
}

interface Code extends Grant {
  redirectUri: string;
  offline: boolean;
  expiresAt: number;
}

interface RefreshToken extends Grant {
  revoked: boolean;
  issued: number[];
}

export interface AccessGrant extends Grant {
  expiresAt: number;
  refreshToken?: string;
}

export const ACCESS_TOKEN_SECONDS = 3600;
const CODE_TTL_MS = 2 * 60_000;

export class ZohoOAuth {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<string, Code>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly accessTokens = new Map<string, AccessGrant>();

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultInjector,
    private readonly refreshesPer10Min = 10,
  ) {}

  registerClient(client: OAuthClient): void {
    this.clients.set(client.clientId, { ...client });
  }

  client(clientId: string): OAuthClient | undefined {
    return this.clients.get(clientId);
  }

  /** The code the consent redirect carries, bound to the org (and so the DC) that approved. */
  issueCode(grant: Grant & { redirectUri: string; offline: boolean }): string {
    const code = token();
    this.codes.set(code, { ...grant, expiresAt: this.clock.now() + CODE_TTL_MS });
    return code;
  }

  /** POST /oauth/v2/token at one DC's accounts server (form or query parameters). */
  token(
    params: Record<string, string | undefined>,
    dc: DataCentre,
    origin: string,
  ): { status: number; body: unknown } {
    const client = this.clients.get(params.client_id ?? '');
    if (!client) return { status: 200, body: { error: 'invalid_client' } };
    if (client.clientSecret !== params.client_secret)
      return { status: 200, body: { error: 'invalid_client_secret' } };
    if (params.grant_type === 'authorization_code') {
      const code = this.codes.get(params.code ?? '');
      if (!code || code.clientId !== client.clientId || code.dc !== dc || code.expiresAt <= this.clock.now())
        return { status: 200, body: { error: 'invalid_code' } };
      if (params.redirect_uri !== undefined && params.redirect_uri !== code.redirectUri)
        return { status: 200, body: { error: 'invalid_redirect_uri' } };
      this.codes.delete(params.code ?? '');
      const refresh = code.offline ? token() : undefined;
      if (refresh) this.refreshTokens.set(refresh, { ...grantOf(code), revoked: false, issued: [] });
      return { status: 200, body: this.answer(grantOf(code), origin, refresh, true) };
    }
    if (params.grant_type === 'refresh_token') {
      const refresh = this.refreshTokens.get(params.refresh_token ?? '');
      if (!refresh || refresh.revoked || refresh.clientId !== client.clientId || refresh.dc !== dc)
        return { status: 200, body: { error: 'invalid_code' } };
      const now = this.clock.now();
      refresh.issued = refresh.issued.filter((at) => at > now - 10 * 60_000);
      if (refresh.issued.length >= this.refreshesPer10Min)
        return {
          status: 400,
          body: {
            error_description: 'Too many access tokens requested in a short time; try again later.',
            error: 'Access Denied',
            status: 'failure',
          },
        };
      refresh.issued.push(now);
      return { status: 200, body: this.answer(grantOf(refresh), origin, params.refresh_token, false) };
    }
    return { status: 200, body: { error: 'unsupported_grant_type' } };
  }

  /** POST /oauth/v2/token/revoke?token=<refresh token>. */
  revoke(refreshToken: string): boolean {
    const refresh = this.refreshTokens.get(refreshToken);
    if (!refresh) return false;
    refresh.revoked = true;
    for (const grant of this.accessTokens.values())
      if (grant.refreshToken === refreshToken) grant.expiresAt = 0;
    return true;
  }

  /**
   * The grant behind `Authorization: Zoho-oauthtoken …` at this DC's API domain. A token another
   * DC issued is unknown here, as at Zoho; an expired one too. The `expire_token` and
   * `revoke_token` faults act here, on the call that draws them.
   */
  authenticate(
    header: string | undefined,
    dc: DataCentre,
    request: { method: string; path: string },
    scope: string,
  ): AccessGrant {
    const match = header ? /^(?:Zoho-oauthtoken|Bearer)\s+(\S+)$/i.exec(header) : null;
    if (!match?.[1]) throw new ZohoError(401, 'AUTHENTICATION_FAILURE', 'Authentication failed');
    const grant = this.accessTokens.get(match[1]);
    if (!grant || grant.dc !== dc) throw invalidToken();
    if (this.faults.draw(['expire_token'], request)) grant.expiresAt = 0;
    if (this.faults.draw(['revoke_token'], request) && grant.refreshToken) this.revoke(grant.refreshToken);
    if (grant.expiresAt <= this.clock.now()) throw invalidToken();
    if (!grant.scopes.some((s) => s === 'ZohoCRM.ALL' || s.startsWith(scope)))
      throw new ZohoError(401, 'OAUTH_SCOPE_MISMATCH', 'invalid oauth scope to access this URL');
    return grant;
  }

  reset(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.accessTokens.clear();
  }

  private answer(
    grant: Grant,
    origin: string,
    refreshToken: string | undefined,
    withRefresh: boolean,
  ): Record<string, unknown> {
    const access = token();
    this.accessTokens.set(access, {
      ...grant,
      expiresAt: this.clock.now() + ACCESS_TOKEN_SECONDS * 1000,
      ...(refreshToken ? { refreshToken } : {}),
    });
    return {
      access_token: access,
      ...(withRefresh && refreshToken ? { refresh_token: refreshToken } : {}),
      scope: grant.scopes.join(' '),
      api_domain: sandboxApiDomain(origin, grant.dc),
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
    };
  }
}

function grantOf(source: Grant): Grant {
  return { clientId: source.clientId, orgId: source.orgId, dc: source.dc, scopes: [...source.scopes] };
}

/** Zoho's token shape: `1000.<32 hex>.<32 hex>`. */
function token(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}
