import { createHmac } from 'node:crypto';
import { signaturesEqual } from '../webhooks/constantTime';

/**
 * How an e-commerce site signs an order post (issue #24), in the style of Stripe's webhooks: header
 * `X-Ledgerbridge-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with the
 * installation's order secret. The timestamp is inside the MAC, so a captured post cannot be replayed
 * outside the tolerance; the comparison takes the same time whatever the guess.
 */
export const ORDER_SIGNATURE_HEADER = 'x-ledgerbridge-signature';
export const ORDER_SIGNATURE_TOLERANCE_S = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

export function signOrder(secret: string, body: string | Buffer, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${mac(secret, unixSeconds, body)}`;
}

export function verifyOrderSignature(
  secret: string,
  body: string | Buffer,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = ORDER_SIGNATURE_TOLERANCE_S,
): SignatureCheck {
  if (!header) return { ok: false, reason: `${ORDER_SIGNATURE_HEADER}: missing` };
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) continue;
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t)) return { ok: false, reason: `${ORDER_SIGNATURE_HEADER}: no timestamp t=` };
  if (Math.abs(nowSeconds - t) > toleranceSeconds)
    return { ok: false, reason: `${ORDER_SIGNATURE_HEADER}: timestamp outside ${toleranceSeconds} s` };
  const expected = mac(secret, t, body);
  // Several v1 entries are allowed while a secret is rolled over: any one matching will do.
  const matches = (parts.get('v1') ?? []).some((given) => signaturesEqual(expected, given.toLowerCase()));
  return matches
    ? { ok: true }
    : { ok: false, reason: `${ORDER_SIGNATURE_HEADER}: no matching v1 signature` };
}

function mac(secret: string, unixSeconds: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${unixSeconds}.`).update(body).digest('hex');
}
