import { createHmac, randomBytes } from 'node:crypto';

/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<payload>" keyed with the endpoint's whsec_ secret>`, what the SDK's
 * webhooks.constructEvent checks. https://docs.stripe.com/webhooks#verify-manually
 */
export function stripeSignatureHeader(secret: string, payload: string, timestampSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampSeconds}.${payload}`, 'utf8').digest('hex');
  return `t=${timestampSeconds},v1=${v1}`;
}

/** A fresh endpoint signing secret, shaped like Stripe's. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}
