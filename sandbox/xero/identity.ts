import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { basicCredentials, bearerToken, send } from '../core/http';
import { SandboxHttpError, type SandboxContext, type SandboxHandler } from '../core/server';
import { CONSENT_PATH, XeroConsent, type AuthorizationRequest } from './consent';

/**
 * Xero's identity service: authorization-code flow with PKCE, 30-minute access tokens, single-use
 * rotating refresh tokens (a used one still answers with the same new token set during a 30-minute
 * grace period, then invalid_grant), 60-day refresh-token expiry, /connections and revocation.
 * The consent page (consent.ts) lets the user pick organisations; the grant covers those only.
 * https://developer.xero.com/documentation/guides/oauth2/auth-flow/
 */
export const ACCESS_TOKEN_TTL_S = 1_800;
const REFRESH_GRACE_MS = 30 * 60_000;
const REFRESH_TTL_MS = 60 * 24 * 60 * 60_000;

interface Grant {
  id: string;
  clientId: string;
  scope: string;
  tenantIds: string[];
  authEventId: string;
  revoked: boolean;
  createdAt: number;
}
interface TokenResponse {
  access_token: string;
  expires_in: number;
  token_type: 'Bearer';
  refresh_token: string;
  scope: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export class XeroIdentity {
  private readonly clients = new Map<string, OAuthClient>();
  private readonly codes = new Map<
    string,
    {
      clientId: string;
      redirectUri: string;
      scope: string;
      challenge?: string;
      tenantIds: string[];
      expiresAt: number;
    }
  >();
  private readonly grants = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, { grantId: string; expiresAt: number }>();
  private readonly refreshTokens = new Map<
    string,
    { grantId: string; expiresAt: number; usedAt?: number; successor?: TokenResponse }
  >();
  /** Counts for tests: how many refresh_token grants were answered, and how many refused. */
  readonly stats = { refreshes: 0, refusedRefreshes: 0 };
  private readonly consent: XeroConsent;

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultInjector,
    private readonly tenantIds: () => string[],
  ) {
    this.consent = new XeroConsent(
      clock,
      () => this.tenantIds().map((id) => ({ id, name: this.tenantName(id) })),
      (res, request, tenantIds) => this.approve(res, request, tenantIds),
      (res, request) => redirect(res, request.redirectUri, { error: 'access_denied', state: request.state }),
    );
  }

  registerClient(client: OAuthClient): void {
    this.clients.set(client.clientId, client);
  }

  reset(): void {
    for (const map of [this.clients, this.codes, this.grants, this.accessTokens, this.refreshTokens])
      map.clear();
    this.consent.reset();
    this.stats.refreshes = 0;
    this.stats.refusedRefreshes = 0;
  }

  /** For tests and the demo: a grant as if a user had consented, without the browser round trip. */
  issueGrant(clientId: string, scope: string, tenantIds = this.tenantIds()): TokenResponse {
    const grant: Grant = {
      id: randomUUID(),
      clientId,
      scope,
      tenantIds,
      authEventId: randomUUID(),
      revoked: false,
      createdAt: this.clock.now(),
    };
    this.grants.set(grant.id, grant);
    return this.issueTokens(grant);
  }

  revokeAll(): void {
    for (const grant of this.grants.values()) grant.revoked = true;
  }

  /** Validates the bearer token of an API call; the error is the one Xero's API gives. */
  authenticate(ctx: SandboxContext): Grant {
    const token = bearerToken(ctx.req);
    const record = token ? this.accessTokens.get(token) : undefined;
    const grant = record ? this.grants.get(record.grantId) : undefined;
    const request = { method: ctx.req.method ?? 'GET', path: ctx.url.pathname };
    if (record && this.faults.draw(['expire_token'], request)) record.expiresAt = this.clock.now() - 1;
    if (grant && this.faults.draw(['revoke_token'], request)) grant.revoked = true;
    if (!record || !grant || grant.revoked || record.expiresAt <= this.clock.now()) {
      throw new SandboxHttpError(401, problem(401, 'Unauthorized', 'AuthenticationUnsuccessful'));
    }
    return grant;
  }

  routes(on: (method: 'GET' | 'POST' | 'DELETE', path: string, handler: SandboxHandler) => void): void {
    on('GET', '/identity/connect/authorize', (ctx) => this.authorize(ctx));
    on('POST', CONSENT_PATH, (ctx) => this.consent.decide(ctx));
    on('POST', '/connect/token', (ctx) => this.token(ctx));
    on('POST', '/connect/revocation', (ctx) => this.revoke(ctx));
    on('GET', '/connections', (ctx) => {
      const grant = this.authenticate(ctx);
      send(
        ctx.res,
        200,
        grant.tenantIds.map((tenantId) => this.connectionJson(grant, tenantId)),
      );
    });
    on('DELETE', '/connections/:id', (ctx) => {
      const grant = this.authenticate(ctx);
      const tenantId = grant.tenantIds.find((t) => connectionId(grant, t) === ctx.params.id);
      if (!tenantId) throw new SandboxHttpError(404, problem(404, 'Not Found', 'Connection not found'));
      grant.tenantIds = grant.tenantIds.filter((t) => t !== tenantId);
      send(ctx.res, 204, undefined);
    });
  }

  connectionJson(grant: Grant, tenantId: string, tenantName?: string) {
    const at = new Date(grant.createdAt).toISOString().replace('Z', '');
    return {
      id: connectionId(grant, tenantId),
      authEventId: grant.authEventId,
      tenantId,
      tenantType: 'ORGANISATION',
      tenantName: tenantName ?? this.tenantName(tenantId),
      createdDateUtc: at,
      updatedDateUtc: at,
    };
  }
  tenantName: (tenantId: string) => string = (id) => id;

  private authorize({ res, url }: SandboxContext): void {
    const q = url.searchParams;
    const client = this.clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!client || !client.redirectUris.includes(redirectUri)) {
      return send(res, 400, 'Invalid client or redirect_uri (unauthorized_client)');
    }
    if (q.get('response_type') !== 'code')
      return redirect(res, redirectUri, { error: 'unsupported_response_type', state: q.get('state') });
    const challenge = q.get('code_challenge') ?? undefined;
    if (challenge && q.get('code_challenge_method') !== 'S256')
      return redirect(res, redirectUri, { error: 'invalid_request', state: q.get('state') });
    this.consent.ask(res, {
      clientId: client.clientId,
      redirectUri,
      scope: q.get('scope') ?? '',
      ...(challenge ? { challenge } : {}),
      state: q.get('state'),
    });
  }

  /** The user allowed access to these organisations: a code bound to them, back to the app. */
  private approve(res: SandboxContext['res'], request: AuthorizationRequest, tenantIds: string[]): void {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, {
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      scope: request.scope,
      ...(request.challenge ? { challenge: request.challenge } : {}),
      tenantIds,
      expiresAt: this.clock.now() + 5 * 60_000,
    });
    redirect(res, request.redirectUri, {
      code,
      scope: request.scope,
      state: request.state,
      session_state: randomUUID(),
    });
  }

  private token({ req, res, body }: SandboxContext): void {
    const form = (body ?? {}) as Record<string, string>;
    const basic = basicCredentials(req);
    const clientId = basic?.user ?? form.client_id;
    const client = clientId ? this.clients.get(clientId) : undefined;
    const secretOk =
      client &&
      (basic
        ? basic.password === client.clientSecret
        : form.client_secret === client.clientSecret || Boolean(form.code_verifier));
    if (!client || !secretOk) return send(res, 400, { error: 'invalid_client' });

    if (form.grant_type === 'authorization_code') {
      const code = this.codes.get(form.code ?? '');
      this.codes.delete(form.code ?? '');
      if (
        !code ||
        code.clientId !== client.clientId ||
        code.redirectUri !== form.redirect_uri ||
        code.expiresAt < this.clock.now()
      ) {
        return send(res, 400, { error: 'invalid_grant' });
      }
      if (
        code.challenge &&
        createHash('sha256')
          .update(form.code_verifier ?? '')
          .digest('base64url') !== code.challenge
      ) {
        return send(res, 400, { error: 'invalid_grant' });
      }
      return send(res, 200, this.issueGrant(client.clientId, code.scope, code.tenantIds));
    }
    if (form.grant_type === 'refresh_token') {
      const result = this.refresh(client.clientId, form.refresh_token ?? '');
      if (!result) {
        this.stats.refusedRefreshes++;
        return send(res, 400, { error: 'invalid_grant' });
      }
      this.stats.refreshes++;
      return send(res, 200, result);
    }
    send(res, 400, { error: 'unsupported_grant_type' });
  }

  private refresh(clientId: string, refreshToken: string): TokenResponse | undefined {
    const record = this.refreshTokens.get(refreshToken);
    const grant = record && this.grants.get(record.grantId);
    if (
      !record ||
      !grant ||
      grant.revoked ||
      grant.clientId !== clientId ||
      record.expiresAt <= this.clock.now()
    )
      return undefined;
    if (this.faults.draw(['revoke_token'], { method: 'POST', path: '/connect/token' })) {
      grant.revoked = true;
      return undefined;
    }
    if (record.usedAt !== undefined) {
      return this.clock.now() - record.usedAt <= REFRESH_GRACE_MS ? record.successor : undefined;
    }
    const successor = this.issueTokens(grant);
    record.usedAt = this.clock.now();
    record.successor = successor;
    return successor;
  }

  private revoke({ req, res, body }: SandboxContext): void {
    const basic = basicCredentials(req);
    const client = basic ? this.clients.get(basic.user) : undefined;
    if (!client || client.clientSecret !== basic?.password)
      return send(res, 400, { error: 'invalid_client' });
    const record = this.refreshTokens.get(((body ?? {}) as Record<string, string>).token ?? '');
    const grant = record && this.grants.get(record.grantId);
    if (grant) grant.revoked = true;
    send(res, 200, undefined);
  }

  private issueTokens(grant: Grant): TokenResponse {
    const now = this.clock.now();
    const access = jwtShaped({
      nbf: Math.floor(now / 1000),
      exp: Math.floor(now / 1000) + ACCESS_TOKEN_TTL_S,
      client_id: grant.clientId,
      scope: grant.scope.split(' '),
      authentication_event_id: grant.authEventId,
    });
    const refresh = randomBytes(32).toString('hex');
    this.accessTokens.set(access, { grantId: grant.id, expiresAt: now + ACCESS_TOKEN_TTL_S * 1000 });
    this.refreshTokens.set(refresh, { grantId: grant.id, expiresAt: now + REFRESH_TTL_MS });
    return {
      access_token: access,
      expires_in: ACCESS_TOKEN_TTL_S,
      token_type: 'Bearer',
      refresh_token: refresh,
      scope: grant.scope,
    };
  }
}

export function problem(status: number, title: string, detail: string) {
  return { Type: null, Title: title, Status: status, Detail: detail, Instance: randomUUID(), Extensions: {} };
}

function connectionId(grant: Grant, tenantId: string): string {
  const hex = createHash('sha256').update(`${grant.id}:${tenantId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Xero's access tokens are JWTs; clients treat them as opaque, so the signature here is random. */
function jwtShaped(claims: Record<string, unknown>): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ ...claims, iss: 'https://identity.xero.com', jti: randomUUID() })}.${randomBytes(32).toString('base64url')}`;
}

function redirect(
  res: SandboxContext['res'],
  uri: string,
  params: Record<string, string | null | undefined>,
): void {
  const target = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v) target.searchParams.set(k, v);
  res.writeHead(302, { location: target.toString() });
  res.end();
}
