import type { Connection, TokenSet } from './connectionStore';

/**
 * The vendor-specific half of a refresh: exchange the stored refresh token for a new token set.
 * Implemented per vendor next to its connector (Xero via xero-node, Salesforce via jsforce, HubSpot
 * via @hubspot/api-client); everything else about refreshing is vendor-neutral.
 */
export interface TokenRefresher {
  refresh(connection: Connection, tokens: TokenSet): Promise<TokenSet>;
  /**
   * True when this vendor can mint a new access token without a stored refresh token (Salesforce's
   * JWT bearer and client credentials flows sign a fresh request each time).
   */
  readonly renewsWithoutRefreshToken?: boolean;
}

/** Whether a connection's access can be renewed at all (else it lives until it expires or is revoked). */
export function canRenew(refresher: TokenRefresher, tokens: TokenSet): boolean {
  return Boolean(tokens.refreshToken) || refresher.renewsWithoutRefreshToken === true;
}

/** The grant is gone (revoked, expired, or a rotated refresh token reused): only a human can reconnect. */
export class InvalidGrantError extends Error {
  override name = 'InvalidGrantError';
}
