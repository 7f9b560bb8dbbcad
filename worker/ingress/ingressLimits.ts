/**
 * What one client may cost the ingress. Everything has a bound: the size of a body (refused from its
 * Content-Length before it is read), how long headers and the whole request may take to arrive, how
 * long a handler may run, how many sockets are open and how many requests one socket carries, and
 * how many requests a minute one address may make per kind of route.
 */
export type RateClass =
  'webhook' | 'oauth' | 'hubspotExtension' | 'codec' | 'operations' | 'portal' | 'orders';

export interface IngressLimits {
  bodyLimitBytes: number;
  /** The request line and headers must arrive within this (slow-loris). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this. */
  requestTimeoutMs: number;
  /** A socket with no traffic at all for this long is closed. */
  connectionTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** A handler that has not answered by then gets a 503 (its work is told to stop). */
  handlerTimeoutMs: number;
  maxConnections: number;
  maxRequestsPerSocket: number;
  /** Requests per minute per client address, per route. */
  ratePerMinute: Record<RateClass, number>;
}

export const DEFAULT_INGRESS_LIMITS: IngressLimits = {
  // Webhook batches are small (HubSpot: 100 events; Xero: a few KB); anything far larger is not a vendor's.
  bodyLimitBytes: 1_000_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 65_000,
  handlerTimeoutMs: 30_000,
  maxConnections: 512,
  maxRequestsPerSocket: 1_000,
  ratePerMinute: {
    // Vendors deliver from few addresses, often in bursts after an outage: a generous cap.
    webhook: 6_000,
    // A person connecting an account needs a handful; a scanner needs many.
    oauth: 30,
    // Cards load a few requests each for every user of a portal, all through HubSpot's proxy.
    hubspotExtension: 1_200,
    // The Temporal UI decodes a page of payloads at a time.
    codec: 1_200,
    operations: 600,
    // A customer's portal pages: a person reads a few; someone guessing tokens needs many.
    portal: 120,
    // An e-commerce site posts each order as it is placed, from one or a few addresses, in sale peaks.
    orders: 6_000,
  },
};

export type IngressLimitOverrides = Partial<Omit<IngressLimits, 'ratePerMinute'>> & {
  ratePerMinute?: Partial<Record<RateClass, number>>;
};

export function ingressLimits(overrides: IngressLimitOverrides = {}): IngressLimits {
  return {
    ...DEFAULT_INGRESS_LIMITS,
    ...overrides,
    ratePerMinute: { ...DEFAULT_INGRESS_LIMITS.ratePerMinute, ...overrides.ratePerMinute },
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Which per-minute budget the route's requests count against (ingressLimits.ts). */
    rateClass?: RateClass;
  }
}
