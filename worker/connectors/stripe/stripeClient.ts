import Stripe from 'stripe';

/** Where Stripe's API is: Stripe itself, or the sandbox's emulator (plain HTTP on loopback). */
export type StripeEndpoints = { mode: 'live' } | { mode: 'sandbox'; baseUrl: string };

/**
 * The official SDK for one installation's restricted key. Pinned to the SDK's API version, so the
 * objects match stripeEventSchema.ts; the SDK retries a failed request itself, POSTs with one
 * idempotency key across its retries.
 */
export function stripeClient(
  apiKey: string,
  endpoints: StripeEndpoints,
  options: { timeoutMs?: number; httpClient?: ReturnType<typeof Stripe.createNodeHttpClient> } = {},
): Stripe {
  const common = {
    maxNetworkRetries: 2,
    timeout: options.timeoutMs ?? 30_000,
    appInfo: { name: 'Ledgerbridge' },
    ...(options.httpClient ? { httpClient: options.httpClient } : {}),
  };
  if (endpoints.mode === 'live') return new Stripe(apiKey, common);
  const url = new URL(endpoints.baseUrl);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return new Stripe(apiKey, {
    ...common,
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  });
}
