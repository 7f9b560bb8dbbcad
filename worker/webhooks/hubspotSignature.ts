import { createHmac } from 'node:crypto';
import { signaturesEqual } from './constantTime';

/**
 * HubSpot's v3 request signature: base64(HMAC-SHA256(client secret, method + uri + body + timestamp)),
 * sent as X-HubSpot-Signature-v3 with X-HubSpot-Request-Timestamp (epoch ms). Requests older than
 * five minutes are refused so a captured request cannot be replayed.
 * https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests
 */
export const HUBSPOT_MAX_AGE_MS = 5 * 60_000;

// HubSpot signs the URI with these characters decoded (per the validation guide).
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

export function hubspotSigningUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()] ?? m);
}

export function hubspotSignatureV3(input: {
  clientSecret: string;
  method: string;
  uri: string;
  body: string;
  timestamp: string;
}): string {
  return createHmac('sha256', input.clientSecret)
    .update(`${input.method.toUpperCase()}${hubspotSigningUri(input.uri)}${input.body}${input.timestamp}`)
    .digest('base64');
}

export type HubSpotVerdict =
  { ok: true } | { ok: false; reason: 'missing_headers' | 'stale' | 'bad_timestamp' | 'mismatch' };

export function verifyHubSpotV3(input: {
  clientSecret: string;
  method: string;
  uri: string;
  rawBody: Buffer | string;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
  maxAgeMs?: number;
}): HubSpotVerdict {
  if (!input.signature || !input.timestamp) return { ok: false, reason: 'missing_headers' };
  const ts = Number(input.timestamp);
  if (!/^\d+$/.test(input.timestamp) || !Number.isSafeInteger(ts))
    return { ok: false, reason: 'bad_timestamp' };
  // Refuse old requests, and ones claiming to come from the future beyond the same window.
  if (Math.abs(input.now - ts) > (input.maxAgeMs ?? HUBSPOT_MAX_AGE_MS))
    return { ok: false, reason: 'stale' };
  const body = typeof input.rawBody === 'string' ? input.rawBody : input.rawBody.toString('utf8');
  const expected = hubspotSignatureV3({
    clientSecret: input.clientSecret,
    method: input.method,
    uri: input.uri,
    body,
    timestamp: input.timestamp,
  });
  return signaturesEqual(expected, input.signature) ? { ok: true } : { ok: false, reason: 'mismatch' };
}
