import Stripe from 'stripe';
import type { SharedPacer } from '../../pacing/sharedPacer';

type HttpClient = ReturnType<typeof Stripe.createNodeHttpClient>;

/** Stripe's default answer to a 429 without Retry-After: a second, as its SDK waits at least. */
const DEFAULT_HOLD_MS = 1_000;

/**
 * The SDK's own Node HTTP client, with every request (its own retries included) taking a slot of
 * the installation's Stripe pace first (`stripe:<installation>`, shared by every worker through the
 * store), and a 429 holding the key for its Retry-After (or a second) for everyone. The SDK still
 * retries the request itself; this keeps the account under its limit instead of hammering it.
 */
export function pacedStripeHttpClient(pacer: SharedPacer, paceKey: string): HttpClient {
  const inner = Stripe.createNodeHttpClient();
  const paced = Object.create(inner) as HttpClient;
  paced.makeRequest = async (...args: Parameters<HttpClient['makeRequest']>) => {
    const permit = await pacer.acquire(paceKey);
    try {
      const response = await inner.makeRequest(...args);
      if (response.getStatusCode() === 429) {
        const retryAfter = Number(response.getHeaders()['retry-after']);
        await pacer.holdUntil(paceKey, Date.now() + (retryAfter > 0 ? retryAfter * 1000 : DEFAULT_HOLD_MS));
      }
      return response;
    } finally {
      await permit.release();
    }
  };
  return paced;
}
