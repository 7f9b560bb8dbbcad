import {
  createHash,
  createHmac,
  createPublicKey,
  randomBytes,
  timingSafeEqual,
  verify,
  X509Certificate,
  type KeyObject,
} from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../core/clock';
import type { FaultInjector } from '../core/faults';
import { basicCredentials, bearerToken, send } from '../core/http';
import { SandboxHttpError, type SandboxContext, type SandboxHandler } from '../core/server';
import { httpError } from './errors';
import type { Store } from './store';

/**
 * Salesforce's OAuth 2.0 endpoints for an External Client App (Salesforce Help: "OAuth 2.0 JWT
 * Bearer Flow for Server-to-Server Integration", "OAuth 2.0 Client Credentials Flow", "OAuth 2.0 Web
 * Server Flow" with PKCE), the revoke and userinfo endpoints and the identity URL. Salesforce issues
 * no expires_in: a session lives until the org's session timeout (2 hours by default) passes without
 * activity, or it is revoked.
 */
export interface ExternalClientApp {
  consumerKey: string;
  /** Required for client credentials and the web server flow. */
  consumerSecret?: string;
  /** The JWT bearer certificate (X.509 PEM) or a public key PEM. */
  certificatePem?: string;
  /** The pre-authorised user; also the client credentials flow's run-as user. */
  username: string;
  scopes?: string[];
  redirectUris?: string[];
  /** Default true when a secret is set. */
  clientCredentialsEnabled?: boolean;
}

interface RegisteredApp extends Omit<ExternalClientApp, 'scopes'> {
  scopes: string[];
  publicKey?: KeyObject;
}

export interface SfSession {
  token: string;
  userId: string;
  consumerKey: string;
  scopes: string[];
  issuedAt: number;
  lastActivity: number;
  revoked: boolean;
  refreshToken?: string;
}

interface AuthCode {
  consumerKey: string;
  userId: string;
  redirectUri: string;
  challenge?: string;
  method?: string;
  scopes: string[];
  expiresAt: number;
}

export interface IdentityOptions {
  /** Session timeout (inactivity), default 2 hours. */
  sessionTimeoutMs?: number;
  /** Accepted JWT audiences besides this server's own origin. */
  audiences?: string[];
  /**
   * Refuse assertions whose exp is more than this many seconds ahead. Off by default: Salesforce
   * documents "within 3 minutes" but accepts later expiries in practice (@salesforce/core signs
   * with exp = Date.now() + 300, a millisecond value read as seconds, and that works against real orgs).
   */
  maxAssertionLifetimeSeconds?: number;
  /** Overrides the instance_url handed out (default: the origin the request came to). */
  instanceUrl?: string;
}

const oauthError = (status: number, error: string, description: string) =>
  new SandboxHttpError(status, { error, error_description: description });

export function originOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? '127.0.0.1'}`;
}

export class SalesforceIdentity {
  private readonly apps = new Map<string, RegisteredApp>();
  readonly sessions = new Map<string, SfSession>();
  private readonly refreshTokens = new Map<
    string,
    { consumerKey: string; userId: string; scopes: string[]; revoked: boolean }
  >();
  private readonly codes = new Map<string, AuthCode>();
  readonly stats = { issued: 0, refused: 0, expiredUses: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly faults: FaultInjector,
    private readonly store: Store,
    private readonly options: IdentityOptions = {},
    /** This org's path on the emulator's origin ('' for the org at the root), its "My Domain". */
    private readonly pathPrefix: () => string = () => '',
  ) {}

  /** The org's instance URL as a token response hands it out. */
  instanceUrl(req: IncomingMessage): string {
    return `${this.options.instanceUrl ?? originOf(req)}${this.pathPrefix()}`;
  }

  /** Lookups the login endpoint uses to send a request to the org it belongs to. */
  hasUser(username: string): boolean {
    return this.userByUsername(username) !== undefined;
  }

  holdsCode(code: string): boolean {
    return this.codes.has(code);
  }

  holdsToken(token: string): boolean {
    return this.sessions.has(token) || this.refreshTokens.has(token);
  }

  get sessionTimeoutMs(): number {
    return this.options.sessionTimeoutMs ?? 2 * 60 * 60_000;
  }

  registerApp(app: ExternalClientApp): void {
    let publicKey: KeyObject | undefined;
    if (app.certificatePem) {
      publicKey = app.certificatePem.includes('CERTIFICATE')
        ? new X509Certificate(app.certificatePem).publicKey
        : createPublicKey(app.certificatePem);
    }
    this.apps.set(app.consumerKey, {
      ...app,
      scopes: app.scopes ?? ['api'],
      ...(publicKey ? { publicKey } : {}),
    });
  }

  reset(): void {
    this.sessions.clear();
    this.refreshTokens.clear();
    this.codes.clear();
    this.stats.issued = this.stats.refused = this.stats.expiredUses = 0;
  }

  /** Control hooks: every session ends as if the timeout passed / an admin revoked them. */
  expireAll(): void {
    for (const s of this.sessions.values()) s.lastActivity = -Infinity;
  }

  revokeAll(): void {
    for (const s of this.sessions.values()) s.revoked = true;
    for (const r of this.refreshTokens.values()) r.revoked = true;
  }

  private userByUsername(username: string): { id: string; active: boolean } | undefined {
    const user = this.store
      .all('User')
      .find((u) => String(u.fields.Username).toLowerCase() === username.toLowerCase());
    return user ? { id: user.fields.Id as string, active: user.fields.IsActive !== false } : undefined;
  }

  private issue(
    req: IncomingMessage,
    app: RegisteredApp,
    userId: string,
    scopes: string[],
    withRefresh: boolean,
  ) {
    const now = this.clock.now();
    const orgId = this.store.orgId;
    const token = `${orgId.slice(0, 15)}!${randomBytes(48).toString('base64url').replace(/[-_]/g, 'x')}`;
    let refreshToken: string | undefined;
    if (withRefresh) {
      refreshToken = `5Aep861${randomBytes(40).toString('base64url').replace(/[-_]/g, 'x')}`;
      this.refreshTokens.set(refreshToken, { consumerKey: app.consumerKey, userId, scopes, revoked: false });
    }
    this.sessions.set(token, {
      token,
      userId,
      consumerKey: app.consumerKey,
      scopes,
      issuedAt: now,
      lastActivity: now,
      revoked: false,
      ...(refreshToken ? { refreshToken } : {}),
    });
    this.stats.issued++;
    const origin = originOf(req);
    const id = `${origin}/id/${orgId}/${userId}`;
    const issuedAt = String(now);
    const signature = createHmac('sha256', app.consumerSecret ?? app.consumerKey)
      .update(id + issuedAt)
      .digest('base64');
    return {
      access_token: token,
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
      signature,
      scope: scopes.join(' '),
      instance_url: this.instanceUrl(req),
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
  }

  routes(on: (method: 'GET' | 'POST', path: string, handler: SandboxHandler) => void): void {
    on('POST', '/services/oauth2/token', (ctx) => {
      try {
        send(ctx.res, 200, this.token(ctx));
      } catch (err) {
        if (err instanceof SandboxHttpError) this.stats.refused++;
        throw err;
      }
    });
    on('POST', '/services/oauth2/revoke', (ctx) =>
      this.revoke(ctx, (ctx.body as Record<string, string> | undefined)?.token),
    );
    on('GET', '/services/oauth2/revoke', (ctx) =>
      this.revoke(ctx, ctx.url.searchParams.get('token') ?? undefined),
    );
    on('GET', '/services/oauth2/authorize', (ctx) => this.authorizeRedirect(ctx));
    on('GET', '/services/oauth2/userinfo', (ctx) => send(ctx.res, 200, this.userInfo(ctx, 'userinfo')));
    on('POST', '/services/oauth2/userinfo', (ctx) => send(ctx.res, 200, this.userInfo(ctx, 'userinfo')));
    on('GET', '/id/:orgId/:userId', (ctx) => {
      const info = this.userInfo(ctx, 'id');
      if (ctx.params.orgId !== this.store.orgId || ctx.params.userId !== info.user_id)
        throw new SandboxHttpError(403, 'Bad_Id');
      send(ctx.res, 200, info);
    });
  }

  private token(ctx: SandboxContext): Record<string, unknown> {
    const body = (ctx.body ?? {}) as Record<string, string>;
    switch (body.grant_type) {
      case 'urn:ietf:params:oauth:grant-type:jwt-bearer':
        return this.jwtBearer(ctx, body.assertion);
      case 'client_credentials': {
        const basic = basicCredentials(ctx.req);
        const app = this.client(basic?.user ?? body.client_id, basic?.password ?? body.client_secret, true);
        if (app.clientCredentialsEnabled === false || !app.consumerSecret)
          throw oauthError(400, 'invalid_grant', 'no client credentials user enabled');
        const user = this.userByUsername(app.username);
        if (!user?.active) throw oauthError(400, 'invalid_grant', 'no client credentials user enabled');
        return this.issue(
          ctx.req,
          app,
          user.id,
          app.scopes.filter((s) => s !== 'refresh_token'),
          false,
        );
      }
      case 'authorization_code': {
        const app = this.client(body.client_id, body.client_secret, false);
        const code = this.codes.get(body.code ?? '');
        this.codes.delete(body.code ?? '');
        if (!code || code.consumerKey !== app.consumerKey || code.expiresAt < this.clock.now())
          throw oauthError(400, 'invalid_grant', 'invalid authorization code');
        if (code.redirectUri !== body.redirect_uri)
          throw oauthError(400, 'invalid_grant', 'redirect_uri mismatch');
        if (code.challenge) {
          const verifier = body.code_verifier ?? '';
          const computed = createHash('sha256').update(verifier).digest('base64url');
          if (!verifier || computed !== code.challenge)
            throw oauthError(400, 'invalid_grant', 'invalid code verifier');
        }
        const refresh = code.scopes.includes('refresh_token') || code.scopes.includes('offline_access');
        return this.issue(ctx.req, app, code.userId, code.scopes, refresh);
      }
      case 'refresh_token': {
        const app = this.client(body.client_id, body.client_secret, false);
        const grant = this.refreshTokens.get(body.refresh_token ?? '');
        if (!grant || grant.revoked || grant.consumerKey !== app.consumerKey)
          throw oauthError(400, 'invalid_grant', 'expired access/refresh token');
        const issued = this.issue(ctx.req, app, grant.userId, grant.scopes, false);
        const session = this.sessions.get(issued.access_token);
        if (session) session.refreshToken = body.refresh_token;
        return issued;
      }
      default:
        throw oauthError(400, 'unsupported_grant_type', 'grant type not supported');
    }
  }

  /** The app for a client id; with `secretRequired` the secret must match. */
  private client(
    clientId: string | undefined,
    secret: string | undefined,
    secretRequired: boolean,
  ): RegisteredApp {
    const app = this.apps.get(clientId ?? '');
    if (!app) throw oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (secretRequired || secret !== undefined) {
      const ok =
        app.consumerSecret !== undefined &&
        secret !== undefined &&
        secret.length === app.consumerSecret.length &&
        timingSafeEqual(Buffer.from(secret), Buffer.from(app.consumerSecret));
      if (!ok) throw oauthError(400, 'invalid_client', 'invalid client credentials');
    }
    return app;
  }

  private jwtBearer(ctx: SandboxContext, assertion: string | undefined): Record<string, unknown> {
    const parts = (assertion ?? '').split('.');
    if (parts.length !== 3) throw oauthError(400, 'invalid_grant', 'invalid assertion');
    const [head, payload, sig] = parts as [string, string, string];
    let header: Record<string, unknown>;
    let claims: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as Record<string, unknown>;
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    } catch {
      throw oauthError(400, 'invalid_grant', 'invalid assertion');
    }
    if (header.alg !== 'RS256') throw oauthError(400, 'invalid_grant', 'invalid assertion');
    const app = this.apps.get(String(claims.iss ?? ''));
    if (!app) throw oauthError(400, 'invalid_client_id', 'client identifier invalid');
    if (!app.publicKey) throw oauthError(400, 'invalid_grant', 'invalid assertion');
    const valid = verify(
      'RSA-SHA256',
      Buffer.from(`${head}.${payload}`),
      app.publicKey,
      Buffer.from(sig, 'base64url'),
    );
    if (!valid) throw oauthError(400, 'invalid_grant', 'invalid assertion');
    const audiences = [
      originOf(ctx.req),
      'https://login.salesforce.com',
      'https://test.salesforce.com',
      ...(this.options.audiences ?? []),
    ].map((a) => a.replace(/\/+$/, ''));
    const aud = Array.isArray(claims.aud) ? claims.aud.map(String) : [String(claims.aud ?? '')];
    if (!aud.some((a) => audiences.includes(a.replace(/\/+$/, ''))))
      throw oauthError(400, 'invalid_grant', 'audience is invalid');
    const nowSeconds = this.clock.now() / 1000;
    const exp = Number(claims.exp);
    if (!Number.isFinite(exp) || exp < nowSeconds - 30)
      throw oauthError(400, 'invalid_grant', 'expired authorization code');
    const max = this.options.maxAssertionLifetimeSeconds;
    if (max !== undefined && exp > nowSeconds + max + 30)
      throw oauthError(400, 'invalid_grant', 'invalid assertion');
    const user = this.userByUsername(String(claims.sub ?? ''));
    if (!user || !user.active) throw oauthError(400, 'invalid_grant', 'invalid assertion');
    if (String(claims.sub).toLowerCase() !== app.username.toLowerCase())
      throw oauthError(400, 'invalid_grant', "user hasn't approved this consumer");
    return this.issue(
      ctx.req,
      app,
      user.id,
      app.scopes.filter((s) => s !== 'refresh_token'),
      false,
    );
  }

  private authorizeRedirect(ctx: SandboxContext): void {
    const q = ctx.url.searchParams;
    const app = this.apps.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    if (!app || !(app.redirectUris ?? []).includes(redirectUri))
      throw oauthError(400, 'invalid_client_id', 'client identifier invalid');
    // login_hint (a username) pre-fills the login page; the sandbox signs that user in at once.
    const user = this.userByUsername(q.get('login_hint') ?? '') ?? this.userByUsername(app.username);
    if (!user) throw oauthError(400, 'invalid_grant', 'user not found');
    const code = `aPrx${randomBytes(24).toString('base64url')}`;
    const requested = (q.get('scope') ?? '').split(/\s+/).filter(Boolean);
    this.codes.set(code, {
      consumerKey: app.consumerKey,
      userId: user.id,
      redirectUri,
      ...(q.get('code_challenge') ? { challenge: q.get('code_challenge') as string } : {}),
      ...(q.get('code_challenge_method') ? { method: q.get('code_challenge_method') as string } : {}),
      scopes: requested.length > 0 ? requested.filter((s) => app.scopes.includes(s)) : app.scopes,
      expiresAt: this.clock.now() + 15 * 60_000,
    });
    const target = new URL(redirectUri);
    target.searchParams.set('code', code);
    if (q.get('state')) target.searchParams.set('state', q.get('state') as string);
    ctx.res.writeHead(302, { location: target.toString() });
    ctx.res.end();
  }

  private revoke(ctx: SandboxContext, token: string | undefined): void {
    const session = token ? this.sessions.get(token) : undefined;
    const refresh = token ? this.refreshTokens.get(token) : undefined;
    if (!session && !refresh) throw oauthError(400, 'invalid_token', 'invalid token');
    if (session) session.revoked = true;
    if (refresh) {
      refresh.revoked = true;
      for (const s of this.sessions.values()) if (s.refreshToken === token) s.revoked = true;
    }
    ctx.res.writeHead(200);
    ctx.res.end();
  }

  /** The live session behind a request's bearer token (or undefined). Counts as activity. */
  sessionOf(req: IncomingMessage, path: string): SfSession | undefined {
    const token = bearerToken(req) ?? (req.headers['x-sfdc-session'] as string | undefined);
    const session = token ? this.sessions.get(token) : undefined;
    if (!session) return undefined;
    const request = { method: req.method ?? 'GET', path };
    if (this.faults.draw(['expire_token'], request)) session.lastActivity = -Infinity;
    if (this.faults.draw(['revoke_token'], request)) {
      session.revoked = true;
      if (session.refreshToken) {
        const grant = this.refreshTokens.get(session.refreshToken);
        if (grant) grant.revoked = true;
      }
    }
    const now = this.clock.now();
    if (session.revoked || now - session.lastActivity > this.sessionTimeoutMs) {
      this.stats.expiredUses++;
      return undefined;
    }
    session.lastActivity = now;
    return session;
  }

  /** For REST: the session, or 401 INVALID_SESSION_ID as Salesforce answers it. */
  authenticate(ctx: SandboxContext): SfSession {
    const session = this.sessionOf(ctx.req, ctx.url.pathname);
    if (!session) throw httpError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    return session;
  }

  private userInfo(
    ctx: SandboxContext,
    shape: 'userinfo' | 'id',
  ): Record<string, unknown> & { user_id: string } {
    const session = this.sessionOf(ctx.req, ctx.url.pathname);
    if (!session) throw new SandboxHttpError(403, 'Bad_OAuth_Token');
    const user = this.store.records.get(session.userId)?.fields ?? {};
    const origin = originOf(ctx.req);
    const orgId = this.store.orgId;
    const instance = this.instanceUrl(ctx.req);
    const idUrl = `${origin}/id/${orgId}/${session.userId}`;
    const urls = {
      enterprise: `${instance}/services/Soap/c/{version}/${orgId.slice(0, 15)}`,
      partner: `${instance}/services/Soap/u/{version}/${orgId.slice(0, 15)}`,
      rest: `${instance}/services/data/v{version}/`,
      sobjects: `${instance}/services/data/v{version}/sobjects/`,
      search: `${instance}/services/data/v{version}/search/`,
      query: `${instance}/services/data/v{version}/query/`,
      recent: `${instance}/services/data/v{version}/recent/`,
      profile: `${instance}/${session.userId}`,
      custom_domain: instance,
    };
    const common = {
      user_id: session.userId,
      organization_id: orgId,
      email: user.Email ?? null,
      active: user.IsActive !== false,
      user_type: 'STANDARD',
      language: user.LanguageLocaleKey ?? 'en_US',
      locale: user.LocaleSidKey ?? 'en_US',
      utcOffset: 0,
      urls,
    };
    if (shape === 'userinfo')
      return {
        sub: idUrl,
        ...common,
        preferred_username: user.Username,
        nickname: user.Alias,
        name: user.Name,
        email_verified: true,
        given_name: user.FirstName ?? null,
        family_name: user.LastName,
        zoneinfo: user.TimeZoneSidKey ?? 'GMT',
        is_app_installed: true,
        updated_at: new Date(Number(user.LastModifiedDate ?? 0)).toISOString().replace(/\.\d{3}Z$/, '+0000'),
      };
    return {
      id: idUrl,
      asserted_user: true,
      ...common,
      username: user.Username,
      nick_name: user.Alias,
      display_name: user.Name,
      first_name: user.FirstName ?? null,
      last_name: user.LastName,
      timezone: user.TimeZoneSidKey ?? 'GMT',
      is_lightning_login_user: false,
      last_modified_date: new Date(Number(user.LastModifiedDate ?? 0)).toISOString().replace(/Z$/, '+0000'),
    };
  }
}
