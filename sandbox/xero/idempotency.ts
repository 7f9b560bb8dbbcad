import { createHash } from 'node:crypto';
import type { Clock } from '../core/clock';

/**
 * Xero's Idempotency-Key on writes (PUT/POST): a repeat of a request with the same key (per tenant,
 * up to 128 characters) within the window gets the first response again, errors included, and
 * changes nothing; the same key on a different request (method, path or body) is a 400.
 * https://developer.xero.com/documentation/guides/idempotent-requests/idempotency/
 * That page could not be read offline: the 6-minute window and the 400 for a different request come
 * from summaries of it, so both are options here (`idempotencyWindowMs`).
 */
export const DEFAULT_IDEMPOTENCY_WINDOW_MS = 6 * 60_000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

interface Entry {
  fingerprint: string;
  status: number;
  body: unknown;
  at: number;
}

export type IdempotencyLookup =
  { kind: 'new' } | { kind: 'replay'; status: number; body: unknown } | { kind: 'conflict' };

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();
  replays = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = DEFAULT_IDEMPOTENCY_WINDOW_MS,
  ) {}

  /** What identifies "the same request" for a key: method, path (case-insensitive) and body bytes. */
  static fingerprint(method: string, path: string, rawBody: Buffer): string {
    return createHash('sha256').update(`${method} ${path.toLowerCase()}\n`).update(rawBody).digest('hex');
  }

  lookup(tenantId: string, key: string, fingerprint: string): IdempotencyLookup {
    const entry = this.entries.get(`${tenantId} ${key}`);
    if (!entry || this.clock.now() - entry.at > this.windowMs) return { kind: 'new' };
    if (entry.fingerprint !== fingerprint) return { kind: 'conflict' };
    this.replays++;
    return { kind: 'replay', status: entry.status, body: entry.body };
  }

  put(tenantId: string, key: string, fingerprint: string, status: number, body: unknown): void {
    this.entries.set(`${tenantId} ${key}`, { fingerprint, status, body, at: this.clock.now() });
  }

  clear(): void {
    this.entries.clear();
    this.replays = 0;
  }
}
