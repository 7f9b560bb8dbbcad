import { createHmac } from 'node:crypto';
import { signaturesEqual } from '../webhooks/constantTime';

/**
 * The token a portal URL carries: the link's ID and its expiry (Unix seconds), signed with the
 * installation's portal key (HMAC-SHA256 over both and the installation, so a token moved to
 * another installation's URL fails). `<link uuid>.<expiry>.<signature, base64url>`.
 */
export interface PortalLinkClaims {
  linkId: string;
  /** Unix seconds. */
  expiresAt: number;
}

const TOKEN =
  /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

function signatureOf(key: Buffer, installationId: string, claims: PortalLinkClaims): string {
  return createHmac('sha256', key)
    .update(`portal-link:v1:${installationId}:${claims.linkId}:${claims.expiresAt}`)
    .digest('base64url');
}

export function signPortalToken(key: Buffer, installationId: string, claims: PortalLinkClaims): string {
  return `${claims.linkId}.${claims.expiresAt}.${signatureOf(key, installationId, claims)}`;
}

/** The claims a well-formed token names, before its signature is checked (to find the key). */
export function readPortalToken(token: string): (PortalLinkClaims & { signature: string }) | undefined {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2] || !match[3]) return undefined;
  return { linkId: match[1], expiresAt: Number(match[2]), signature: match[3] };
}

/** The claims when the token is well formed and signed with this key for this installation. */
export function verifyPortalToken(
  key: Buffer,
  installationId: string,
  token: string,
): PortalLinkClaims | undefined {
  const read = readPortalToken(token);
  if (!read) return undefined;
  const claims = { linkId: read.linkId, expiresAt: read.expiresAt };
  return signaturesEqual(signatureOf(key, installationId, claims), read.signature) ? claims : undefined;
}
