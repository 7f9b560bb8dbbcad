import { errors, Issuer, type Client, type TokenSet as OidcTokenSet } from 'openid-client';
import { z } from 'zod';
import type { Connection, TokenSet } from '../../connections/connectionStore';
import { InvalidGrantError, type TokenRefresher } from '../../connections/tokenRefresher';
import { VendorError } from '../errors';
import { HUBSPOT_OPTIONAL_SCOPES, HUBSPOT_SCOPES, type HubspotEndpoints } from './hubspotEndpoints';

/**
 * HubSpot OAuth for the multi-account app, on the 2026-03 endpoints (@hubspot/api-client 13 only
 * wraps the deprecated v1 ones, so this uses openid-client as the Xero side does). Refresh tokens
 * do not rotate: a refresh answers with a new access token and the same grant.
 */
const introspectionSchema = z.object({
  active: z.boolean().optional(),
  hub_id: z.union([z.number(), z.string()]).optional(),
  hub_domain: z.string().optional(),
  scopes: z.array(z.string()).optional(),
  scope: z.string().optional(),
});

export interface HubspotGrant {
  tokens: TokenSet;
  portalId: string;
  portalDomain: string | undefined;
  scopes: string[];
}

export class HubspotAuth implements TokenRefresher {
  private readonly client: Client;

  constructor(
    private readonly endpoints: HubspotEndpoints,
    private readonly credentials: { clientId: string; clientSecret: string },
  ) {
    const issuer = new Issuer({
      issuer: 'https://app.hubspot.com',
      authorization_endpoint: endpoints.authorize,
      token_endpoint: endpoints.token,
      revocation_endpoint: endpoints.revoke,
      introspection_endpoint: endpoints.introspect,
    });
    this.client = new issuer.Client({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      response_types: ['code'],
      // HubSpot reads the client credentials from the form body.
      token_endpoint_auth_method: 'client_secret_post',
    });
  }

  authorizationUrl(input: { state: string; challenge: string; redirectUri: string }): string {
    return this.client.authorizationUrl({
      redirect_uri: input.redirectUri,
      scope: HUBSPOT_SCOPES.join(' '),
      optional_scope: HUBSPOT_OPTIONAL_SCOPES.join(' '),
      state: input.state,
      code_challenge: input.challenge,
      code_challenge_method: 'S256',
    });
  }

  /** No verifier for a code from HubSpot's install link, which sends no PKCE challenge. */
  async exchangeCode(input: { code: string; verifier?: string; redirectUri: string }): Promise<HubspotGrant> {
    const tokens = await this.client
      .grant({
        grant_type: 'authorization_code',
        code: input.code,
        redirect_uri: input.redirectUri,
        code_verifier: input.verifier,
      })
      .catch((err: unknown) => {
        throw classifyHubspotOAuthError(err);
      });
    const tokenSet = toTokenSet(tokens);
    // The token response carries hub_id and scopes since August 2025; introspect if it did not.
    let hubId = tokens.hub_id as number | string | undefined;
    let scopes = Array.isArray(tokens.scopes) ? (tokens.scopes as string[]) : undefined;
    let domain: string | undefined;
    if (hubId === undefined || scopes === undefined) {
      const raw = await this.client.introspect(tokenSet.accessToken, 'access_token').catch((err: unknown) => {
        throw classifyHubspotOAuthError(err);
      });
      const info = introspectionSchema.parse(raw);
      hubId ??= info.hub_id;
      scopes ??= info.scopes ?? (info.scope ?? '').split(' ').filter(Boolean);
      domain = info.hub_domain;
    }
    if (hubId === undefined) throw new VendorError('retryable', 'hubspot', 'token response names no portal');
    return { tokens: tokenSet, portalId: String(hubId), portalDomain: domain, scopes };
  }

  async refresh(_connection: Connection, tokens: TokenSet): Promise<TokenSet> {
    if (!tokens.refreshToken) throw new InvalidGrantError('no refresh token stored');
    const fresh = await this.client.refresh(tokens.refreshToken).catch((err: unknown) => {
      throw classifyHubspotOAuthError(err);
    });
    return toTokenSet(fresh);
  }
}

function toTokenSet(tokens: OidcTokenSet): TokenSet {
  if (!tokens.access_token)
    throw new VendorError('retryable', 'hubspot', 'token response without access_token');
  return {
    accessToken: tokens.access_token,
    ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
    ...(tokens.expires_at ? { expiresAt: tokens.expires_at * 1000 } : {}),
  };
}

/**
 * The 2026-03 endpoints answer RFC 6749 errors (`error`, `error_description`) next to HubSpot's own
 * `status` (BAD_REFRESH_TOKEN, BAD_AUTH_CODE…). invalid_grant: the grant is gone, a human reconnects.
 */
export function classifyHubspotOAuthError(err: unknown): Error {
  if (err instanceof errors.OPError) {
    if (err.error === 'invalid_grant') return new InvalidGrantError(err.error_description ?? 'invalid_grant');
    return new VendorError(
      err.error === 'invalid_client' ? 'auth' : 'validation',
      'hubspot',
      `OAuth error ${err.error}${err.error_description ? `: ${err.error_description}` : ''}`,
    );
  }
  return new VendorError('retryable', 'hubspot', err instanceof Error ? err.message : String(err));
}
