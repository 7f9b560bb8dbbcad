import type { Connection, TokenSet } from './connectionStore';

/**
 * The vendor-specific half of a refresh: exchange the stored refresh token for a new token set.
 * Implemented per vendor next to its connector (Xero via xero-node, Salesforce via jsforce, HubSpot
 * via @hubspot/api-client); everything else about refreshing is vendor-neutral.
 */
export interface TokenRefresher {
  refresh(connection: Connection, tokens: TokenSet): Promise<TokenSet>;
}

/** The grant is gone (revoked, expired, or a rotated refresh token reused): only a human can reconnect. */
export class InvalidGrantError extends Error {
  override name = 'InvalidGrantError';
}
