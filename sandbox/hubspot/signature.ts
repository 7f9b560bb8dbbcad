import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot request signatures as HubSpot computes them when it calls an app (webhooks):
 * - v3: base64(HMAC-SHA256(clientSecret, method + uri + body + timestamp)), sent as
 *   X-HubSpot-Signature-v3 with the epoch-ms timestamp in X-HubSpot-Request-Timestamp; the URI is
 *   signed with some percent-encoded characters decoded.
 * - v1: hex(SHA-256(clientSecret + body)), sent as X-HubSpot-Signature with
 *   X-HubSpot-Signature-Version: v1 (webhooks still carry it alongside v3).
 * https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
 */
export interface SignatureV3Input {
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: string;
}

const DECODED: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

/** The URI as HubSpot signs it: these encoded characters decoded, everything else as sent. */
export function signingUri(uri: string): string {
  return uri.replace(/%[0-9A-F]{2}/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

export function signatureV3(input: SignatureV3Input): string {
  return createHmac('sha256', input.clientSecret)
    .update(`${input.method.toUpperCase()}${signingUri(input.uri)}${input.body}${input.timestamp}`, 'utf8')
    .digest('base64');
}

export function signatureV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(`${clientSecret}${body}`, 'utf8').digest('hex');
}

/** Constant-time check of a received v3 signature (freshness is the caller's job). */
export function verifySignatureV3(input: SignatureV3Input, signature: string): boolean {
  const expected = Buffer.from(signatureV3(input));
  const actual = Buffer.from(signature);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
