import { z } from 'zod';
import { hubspotClient } from '../connectors/hubspot/hubspotApi';
import { classifyHubspotError } from '../connectors/hubspot/hubspotErrors';

/** What HubSpot says about an access token: the portal, its domain, who installed. */
export interface HubspotTokenInfo {
  portalId: string;
  hubDomain: string | undefined;
  userId: string | undefined;
}

/** The SDK maps the JSON onto its model without checking it. */
const tokenInfoSchema = z.object({
  hubId: z.union([z.number(), z.string().min(1)]),
  hubDomain: z.string().optional(),
  userId: z.number().optional(),
});

/**
 * The token's metadata through @hubspot/api-client (`GET /oauth/v1/access-tokens/{token}`): an
 * install link's grant names its portal in the token response, but only the metadata names the hub
 * domain a new installation is called after and the user who installed. v1 is the one metadata
 * endpoint the SDK wraps; HubSpot retires it on 16 February 2027 for `/oauth/2026-03/token/introspect`.
 * https://developers.hubspot.com/docs/api-reference/legacy/authentication/oauth-tokens/v1/get-oauth-token-metadata
 */
export function hubspotTokenInfo(apiBase: string): (accessToken: string) => Promise<HubspotTokenInfo> {
  return async (accessToken) => {
    const raw = await hubspotClient(apiBase, accessToken)
      .oauth.accessTokensApi.get(accessToken)
      .catch((err: unknown) => {
        throw classifyHubspotError(err);
      });
    const info = tokenInfoSchema.parse(raw);
    return {
      portalId: String(info.hubId),
      hubDomain: info.hubDomain || undefined,
      userId: info.userId === undefined ? undefined : String(info.userId),
    };
  };
}
