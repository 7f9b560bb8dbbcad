import type { Clock } from '../core/clock';

/**
 * Xero's Idempotency-Key on writes: a repeat of a request with the same key (per tenant and
 * endpoint, up to 128 characters) within 24 hours gets the first response again and changes nothing.
 * https://developer.xero.com/documentation/guides/idempotent-requests/idempotency/
 */
const TTL_MS = 24 * 60 * 60_000;

export class IdempotencyCache {
  private readonly entries = new Map<string, { status: number; body: unknown; at: number }>();
  replays = 0;

  constructor(private readonly clock: Clock) {}

  key(
    tenantId: string,
    method: string,
    path: string,
    header: string | string[] | undefined,
  ): string | undefined {
    const value = Array.isArray(header) ? header[0] : header;
    return value ? `${tenantId} ${method} ${path.toLowerCase()} ${value}` : undefined;
  }

  get(key: string): { status: number; body: unknown } | undefined {
    const entry = this.entries.get(key);
    if (!entry || this.clock.now() - entry.at > TTL_MS) return undefined;
    this.replays++;
    return entry;
  }

  put(key: string, status: number, body: unknown): void {
    this.entries.set(key, { status, body, at: this.clock.now() });
  }

  clear(): void {
    this.entries.clear();
    this.replays = 0;
  }
}
