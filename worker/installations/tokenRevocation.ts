import { OAuth2 } from 'jsforce';
import { Issuer, type Client as OidcClient } from 'openid-client';
import { z } from 'zod';
import type { Connection, TokenSet } from '../connections/connectionStore';
import type { HubspotEndpoints } from '../connectors/hubspot/hubspotEndpoints';
import type { XeroEndpoints } from '../connectors/xero/xeroEndpoints';
import { zohoConnectionSettingsSchema, type ZohoAuth } from '../connectors/zoho/zohoAuth';
import type { ConnectionVendor } from '../store/schema';

/**
 * Revoking a connection's grant at its vendor, each by its published contract, through the same
 * clients the connect flows use (openid-client, jsforce). A revoked token is refused by the vendor
 * from then on. `skipped` says why nothing could be revoked (a token no API can revoke); a vendor
 * that refuses or cannot be reached throws, and running the disconnect again tries again.
 */
export type RevocationResult =
  { outcome: 'revoked'; detail: string } | { outcome: 'skipped'; reason: string };

export interface TokenRevoker {
  revoke(
    connection: Connection,
    tokens: TokenSet,
    /** Other connections still use the same grant (a Xero consent over several organisations). */
    context: { grantStillUsed: boolean },
  ): Promise<RevocationResult>;
}

export type TokenRevokers = Record<ConnectionVendor, TokenRevoker>;

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

const xeroTenantConnections = z.array(z.object({ id: z.string(), tenantId: z.string() }));

/**
 * Xero: `DELETE /connections/{id}` takes this organisation out of the grant (siblings keep theirs),
 * then `POST https://identity.xero.com/connect/revocation` (Basic client auth, `token=<refresh
 * token>`) ends the grant once no other organisation uses it.
 * https://developer.xero.com/documentation/guides/oauth2/auth-flow/#revoking-tokens
 */
export function xeroTokenRevoker(endpoints: XeroEndpoints, credentials: ClientCredentials): TokenRevoker {
  const client = oidcClient(endpoints.revocation, credentials, 'client_secret_basic');
  return {
    async revoke(connection, tokens, { grantStillUsed }) {
      const auth = { authorization: `Bearer ${tokens.accessToken}` };
      let tenantConnectionId =
        typeof connection.settings.connectionId === 'string' ? connection.settings.connectionId : undefined;
      if (!tenantConnectionId) {
        const listed = await fetch(endpoints.connections, { headers: auth });
        if (listed.ok)
          tenantConnectionId = xeroTenantConnections
            .parse(await listed.json())
            .find((c) => c.tenantId === connection.externalId)?.id;
      }
      let removed = 'organisation no longer listed in the grant';
      if (tenantConnectionId) {
        const res = await fetch(`${endpoints.connections}/${encodeURIComponent(tenantConnectionId)}`, {
          method: 'DELETE',
          headers: auth,
        });
        // 404: already gone; 401: the access token is dead, the revocation below still ends the grant.
        if (!res.ok && res.status !== 404 && res.status !== 401)
          throw new Error(`Xero DELETE /connections answered ${res.status}`);
        removed = res.ok ? 'connection deleted' : `DELETE /connections answered ${res.status}`;
      }
      if (grantStillUsed)
        return { outcome: 'revoked', detail: `${removed}; grant kept for its other organisations` };
      if (!tokens.refreshToken) return { outcome: 'revoked', detail: `${removed}; no refresh token held` };
      await client.revoke(tokens.refreshToken, 'refresh_token');
      return { outcome: 'revoked', detail: `${removed}; refresh token revoked` };
    },
  };
}

/**
 * HubSpot: `POST /oauth/2026-03/token/revoke` (form, client credentials in the body, `token`,
 * `token_type_hint=refresh_token`), the successor of the deprecated `DELETE
 * /oauth/v1/refresh-tokens/{token}`. A private app's static token has no revocation API.
 * https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token
 */
export function hubspotTokenRevoker(
  endpoints: HubspotEndpoints,
  credentials: ClientCredentials | undefined,
): TokenRevoker {
  const client = credentials && oidcClient(endpoints.revoke, credentials, 'client_secret_post');
  return {
    async revoke(_connection, tokens) {
      if (!tokens.refreshToken || !client)
        return {
          outcome: 'skipped',
          reason:
            'a private app access token cannot be revoked through the API: rotate or delete it in HubSpot (Settings > Integrations > Private apps)',
        };
      await client.revoke(tokens.refreshToken, 'refresh_token');
      return { outcome: 'revoked', detail: 'refresh token revoked' };
    },
  };
}

const salesforceSettings = z.object({ instanceUrl: z.url() });

/**
 * Salesforce: `POST {My Domain}/services/oauth2/revoke` with `token=` the refresh token (which takes
 * its access tokens with it) or, without one (client credentials, JWT bearer), the access token.
 * 400 invalid_token: already revoked or expired. https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_revoke_token.htm
 */
export function salesforceTokenRevoker(): TokenRevoker {
  return {
    async revoke(connection, tokens) {
      const { instanceUrl } = salesforceSettings.parse(connection.settings);
      const token = tokens.refreshToken ?? tokens.accessToken;
      try {
        await new OAuth2({ loginUrl: instanceUrl }).revokeToken(token);
      } catch (err) {
        if (!(err instanceof Error) || !/invalid_token/.test(`${err.name} ${err.message}`)) throw err;
        return { outcome: 'revoked', detail: 'token already invalid' };
      }
      return {
        outcome: 'revoked',
        detail: tokens.refreshToken ? 'refresh token and its sessions revoked' : 'session revoked',
      };
    },
  };
}

function oidcClient(
  revocationEndpoint: string,
  credentials: ClientCredentials,
  method: 'client_secret_basic' | 'client_secret_post',
): OidcClient {
  const issuer = new Issuer({
    issuer: new URL(revocationEndpoint).origin,
    revocation_endpoint: revocationEndpoint,
  });
  return new issuer.Client({
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    revocation_endpoint_auth_method: method,
  });
}

/**
 * Zoho: `POST {accounts server}/oauth/v2/token/revoke?token=<refresh token>` at the org's own data
 * centre (the one its consent named), which ends the grant and its access tokens.
 * https://www.zoho.com/accounts/protocol/oauth/web-apps/revoke-tokens.html
 */
export function zohoTokenRevoker(auth: ZohoAuth): TokenRevoker {
  return {
    async revoke(connection, tokens) {
      const { accountsServer } = zohoConnectionSettingsSchema.parse(connection.settings);
      if (!tokens.refreshToken) return { outcome: 'skipped', reason: 'no refresh token stored' };
      await auth.revoke(accountsServer, tokens.refreshToken);
      return { outcome: 'revoked', detail: 'refresh token revoked' };
    },
  };
}
