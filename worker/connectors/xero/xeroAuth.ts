import { errors, Issuer, type Client } from 'openid-client';
import { z } from 'zod';
import type { Connection, TokenSet } from '../../connections/connectionStore';
import { InvalidGrantError, type TokenRefresher } from '../../connections/tokenRefresher';
import { VendorError } from '../errors';
import { XERO_SCOPES, type XeroEndpoints } from './xeroEndpoints';

/**
 * Xero's OAuth 2.0 through openid-client (the library xero-node itself uses), with the endpoints
 * configurable so the same code talks to the sandbox. https://developer.xero.com/documentation/guides/oauth2/auth-flow/
 */
const connectionsSchema = z.array(
  z.object({
    id: z.string(),
    authEventId: z.string().optional(),
    tenantId: z.string(),
    tenantType: z.string(),
    tenantName: z.string().nullable().optional(),
  }),
);
export type XeroTenantConnection = z.infer<typeof connectionsSchema>[number];

export class XeroAuth implements TokenRefresher {
  private readonly client: Client;

  constructor(
    private readonly endpoints: XeroEndpoints,
    credentials: { clientId: string; clientSecret: string },
  ) {
    const issuer = new Issuer({
      issuer: 'https://identity.xero.com',
      authorization_endpoint: endpoints.authorize,
      token_endpoint: endpoints.token,
      revocation_endpoint: endpoints.revocation,
    });
    this.client = new issuer.Client({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      response_types: ['code'],
    });
  }

  authorizationUrl(input: { state: string; challenge: string; redirectUri: string }): string {
    return this.client.authorizationUrl({
      redirect_uri: input.redirectUri,
      scope: XERO_SCOPES.join(' '),
      state: input.state,
      code_challenge: input.challenge,
      code_challenge_method: 'S256',
    });
  }

  async exchangeCode(input: {
    code: string;
    verifier: string;
    redirectUri: string;
  }): Promise<TokenSet & { scopes: string[] }> {
    const tokens = await this.client
      .grant({
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.verifier,
      })
      .catch((err: unknown) => {
        throw classifyOAuthError(err);
      });
    return { ...toTokenSet(tokens), scopes: (tokens.scope ?? '').split(' ').filter(Boolean) };
  }

  /** The Xero organisations this grant covers (xero-node hard-codes the host, so this reads it directly). */
  async listConnections(accessToken: string): Promise<XeroTenantConnection[]> {
    const res = await fetch(this.endpoints.connections, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    if (!res.ok)
      throw new VendorError(
        res.status === 401 ? 'auth' : 'retryable',
        'xero',
        `GET /connections answered ${res.status}`,
        { status: res.status },
      );
    return connectionsSchema.parse(await res.json()).filter((c) => c.tenantType === 'ORGANISATION');
  }

  async refresh(_connection: Connection, tokens: TokenSet): Promise<TokenSet> {
    if (!tokens.refreshToken) throw new InvalidGrantError('no refresh token stored');
    const fresh = await this.client.refresh(tokens.refreshToken).catch((err: unknown) => {
      throw classifyOAuthError(err);
    });
    return toTokenSet(fresh);
  }
}

function toTokenSet(tokens: {
  access_token?: string;
  refresh_token?: string;
  expires_at?: number;
}): TokenSet {
  if (!tokens.access_token) throw new VendorError('retryable', 'xero', 'token response without access_token');
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    ...(tokens.expires_at ? { expiresAt: tokens.expires_at * 1000 } : {}),
  };
}

/** invalid_grant means the grant is gone (revoked, expired, reused token): only a human can fix it. */
function classifyOAuthError(err: unknown): Error {
  if (err instanceof errors.OPError) {
    if (err.error === 'invalid_grant') return new InvalidGrantError(err.error_description ?? 'invalid_grant');
    return new VendorError(
      err.error === 'invalid_client' ? 'auth' : 'validation',
      'xero',
      `OAuth error ${err.error}`,
    );
  }
  return new VendorError('retryable', 'xero', err instanceof Error ? err.message : String(err));
}
