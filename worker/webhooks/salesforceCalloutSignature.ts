import { createHmac } from 'node:crypto';
import { signaturesEqual } from './constantTime';

/**
 * The package's Closed Won callout signature: hex HMAC-SHA256 of `timestamp + "." + body` with the
 * secret shared through the Named Credential, in X-Ledgerbridge-Signature; X-Ledgerbridge-Timestamp
 * in Unix seconds. Older than five minutes is refused (no replays).
 */
export const SALESFORCE_CALLOUT_MAX_AGE_MS = 5 * 60_000;

export function signSalesforceCallout(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function verifySalesforceCallout(input: {
  secret: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  now: number;
}): boolean {
  if (!input.signature || !input.timestamp || !/^\d+$/.test(input.timestamp)) return false;
  if (Math.abs(input.now - Number(input.timestamp) * 1000) > SALESFORCE_CALLOUT_MAX_AGE_MS) return false;
  const expected = signSalesforceCallout(input.secret, input.timestamp, input.rawBody.toString('utf8'));
  return signaturesEqual(expected, input.signature);
}
