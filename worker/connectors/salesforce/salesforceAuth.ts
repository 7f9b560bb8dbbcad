import { OAuth2 } from 'jsforce';
import { z } from 'zod';
import type { Connection, TokenSet } from '../../connections/connectionStore';
import { InvalidGrantError, type TokenRefresher } from '../../connections/tokenRefresher';
import { VendorError } from '../errors';
import { jwtAssertion, jwtAudience } from './jwtAssertion';

/**
 * A Salesforce org's session for a server-side worker, through an External Client App: the JWT
 * bearer flow (consumer key + the integration user's certificate) or the client credentials flow
 * (consumer key + secret, run as the app's configured user). Neither issues a refresh token: a new
 * session is minted by signing again, so "refresh" means "authorise again".
 */
export type SalesforceGrant = { loginUrl: string; clientId: string } & (
  | { flow: 'jwt_bearer'; username: string; privateKeyPem: string }
  | { flow: 'client_credentials'; clientSecret: string }
);

/** The token response fields we depend on (REST API Developer Guide, "OAuth token response"). */
const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  instance_url: z.url(),
  id: z.url(),
  issued_at: z.string().regex(/^\d+$/).optional(),
  scope: z.string().optional(),
});

export interface SalesforceSession {
  tokens: TokenSet;
  orgId: string;
  userId: string;
  instanceUrl: string;
  scopes: string[];
}

/** Salesforce sessions have no expires_in; the org's session timeout decides (2 hours by default). */
const DEFAULT_SESSION_MS = 2 * 60 * 60_000;

export class SalesforceAuth implements TokenRefresher {
  readonly renewsWithoutRefreshToken = true;

  constructor(
    private readonly grant: SalesforceGrant,
    private readonly options: { sessionMs?: number; now?: () => number } = {},
  ) {}

  get loginUrl(): string {
    return this.grant.loginUrl;
  }

  async authorize(): Promise<SalesforceSession> {
    const now = this.options.now ?? Date.now;
    const oauth = new OAuth2({
      loginUrl: this.grant.loginUrl,
      clientId: this.grant.clientId,
      ...(this.grant.flow === 'client_credentials' ? { clientSecret: this.grant.clientSecret } : {}),
    });
    const params: { grant_type: string; [name: string]: string } =
      this.grant.flow === 'jwt_bearer'
        ? {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: jwtAssertion({
              clientId: this.grant.clientId,
              username: this.grant.username,
              audience: jwtAudience(this.grant.loginUrl),
              privateKeyPem: this.grant.privateKeyPem,
              nowMs: now(),
            }),
          }
        : { grant_type: 'client_credentials' };
    const raw: unknown = await oauth.requestToken(params).catch((err: unknown) => {
      throw classifySalesforceOAuthError(err);
    });
    const parsed = tokenResponseSchema.safeParse(raw);
    if (!parsed.success)
      throw new VendorError('retryable', 'salesforce', `unexpected token response: ${parsed.error.message}`);
    const body = parsed.data;
    // The identity URL is .../id/<orgId>/<userId>.
    const [orgId, userId] = new URL(body.id).pathname.split('/').slice(-2);
    if (!orgId?.startsWith('00D') || !userId?.startsWith('005'))
      throw new VendorError('retryable', 'salesforce', `unexpected identity URL ${body.id}`);
    const issuedAt = body.issued_at ? Number(body.issued_at) : now();
    return {
      tokens: {
        accessToken: body.access_token,
        expiresAt: issuedAt + (this.options.sessionMs ?? DEFAULT_SESSION_MS),
      },
      orgId,
      userId,
      instanceUrl: body.instance_url,
      scopes: (body.scope ?? '').split(' ').filter(Boolean),
    };
  }

  async refresh(_connection: Connection, _tokens: TokenSet): Promise<TokenSet> {
    return (await this.authorize()).tokens;
  }
}

/**
 * jsforce throws an Error whose name is the OAuth error code. invalid_grant (user not approved for
 * the app, certificate mismatch, user deactivated) and invalid_client need a human; anything else is
 * taken as transient.
 */
export function classifySalesforceOAuthError(err: unknown): Error {
  if (!(err instanceof Error)) return new VendorError('retryable', 'salesforce', String(err));
  if (err.name === 'invalid_grant') return new InvalidGrantError(err.message || 'invalid_grant');
  if (err.name === 'invalid_client' || err.name === 'invalid_client_id')
    return new VendorError('auth', 'salesforce', `OAuth error ${err.name}: ${err.message}`);
  if (err.name === 'unsupported_grant_type' || err.name === 'invalid_request')
    return new VendorError('validation', 'salesforce', `OAuth error ${err.name}: ${err.message}`);
  return new VendorError('retryable', 'salesforce', err.message);
}
