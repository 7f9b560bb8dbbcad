import { createHmac } from 'node:crypto';
import { signaturesEqual } from './constantTime';

/**
 * Xero signs each webhook delivery with `x-xero-signature` = base64(HMAC-SHA256(raw body, webhook
 * key)). The raw bytes must be used as received: re-serialised JSON would not match.
 * https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/
 */
export function xeroSignature(rawBody: Buffer | string, webhookKey: string): string {
  return createHmac('sha256', webhookKey).update(rawBody).digest('base64');
}

export function verifyXeroSignature(
  rawBody: Buffer,
  header: string | undefined,
  webhookKey: string,
): boolean {
  if (!header) return false;
  return signaturesEqual(xeroSignature(rawBody, webhookKey), header.trim());
}
