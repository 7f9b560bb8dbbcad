import { VendorError } from '../errors';
import { VENDOR_REQUEST_TIMEOUT_MS } from '../vendorRequestTimeout';
import { classifyZohoReply, type ZohoReply } from './zohoErrors';

/**
 * One Zoho CRM v8 request the way every call is made: paced, with `Authorization:
 * Zoho-oauthtoken`, refreshed once on a 401 INVALID_TOKEN, waiting out a short Retry-After on
 * 429 TOO_MANY_REQUESTS (for everyone on the org when a pace is given), and failing with a
 * classified VendorError. A spent credit budget (429 LIMIT_EXCEEDED) is never waited out here: it
 * goes back to Temporal's retry with the wait attached.
 */
export interface ZohoPace {
  /** Waits for a turn for a call of `credits` (heavy: COQL and search's lower sub-concurrency). */
  acquire(call: { credits: number; heavy: boolean }): Promise<{ release(): Promise<void> | void }>;
  /** After a 429: no call to the org before `untilMs`. */
  holdUntil(untilMs: number): Promise<void>;
}

export interface ZohoClientOptions {
  /** The org's API domain, as the token answer named it (`https://www.zohoapis.eu`). */
  apiDomain: string;
  accessToken(): Promise<string>;
  /** The token was refused: renew it (single-flight is the caller's); the call is made once more. */
  onUnauthorized(): Promise<void>;
  pace?: ZohoPace;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** 429 TOO_MANY_REQUESTS absorbed in the call: how many (2), and the longest Retry-After (10 s). */
  rateLimit?: { maxWaits?: number; maxWaitMs?: number };
  /** How far ahead a spent credit budget without a reset time sends the retry (one hour). */
  creditWaitMs?: number;
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ZohoRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** After `/crm/v8`, e.g. `/Accounts/search`. */
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** A multipart/form-data body (a file upload) instead of JSON; fetch sets its boundary. */
  form?: FormData;
  headers?: Record<string, string>;
  credits?: number;
  heavy?: boolean;
  /** A write whose every record failed answers 400 with the per-record statuses under this key. */
  perRecordKey?: 'data' | 'watch';
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class ZohoHttp {
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ZohoClientOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
  }

  async send(request: ZohoRequest): Promise<ZohoReply> {
    let refreshed = false;
    let waits = 0;
    const maxWaits = this.options.rateLimit?.maxWaits ?? 2;
    const maxWaitMs = this.options.rateLimit?.maxWaitMs ?? 10_000;
    for (;;) {
      const reply = await this.once(request);
      if (isAnswer(reply, request)) return reply;
      const error = classifyZohoReply(reply, this.now(), this.options.creditWaitMs);
      if (error.kind === 'auth' && reply.status === 401 && !refreshed) {
        refreshed = true;
        await this.options.onUnauthorized();
        continue;
      }
      if (error.kind === 'rateLimited') {
        const waitMs = error.details.retryAfterMs ?? 1_000;
        await this.options.pace?.holdUntil(this.now() + waitMs);
        if (error.details.vendorCode !== 'LIMIT_EXCEEDED' && waits < maxWaits && waitMs <= maxWaitMs) {
          waits++;
          // With a pace, the next acquire waits for the hold; without one, wait here.
          if (!this.options.pace) await this.sleep(waitMs);
          continue;
        }
      }
      throw error;
    }
  }

  private async once(request: ZohoRequest): Promise<ZohoReply> {
    const permit = await this.options.pace?.acquire({
      credits: request.credits ?? 1,
      heavy: request.heavy ?? false,
    });
    try {
      const token = await this.options.accessToken();
      const res = await (this.options.fetch ?? fetch)(this.url(request), {
        method: request.method,
        headers: {
          authorization: `Zoho-oauthtoken ${token}`,
          accept: 'application/json',
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        ...(request.form ? { body: request.form } : {}),
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? VENDOR_REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: parseBody(text) };
    } catch (err) {
      if (err instanceof VendorError) throw err;
      throw new VendorError(
        'retryable',
        'zoho',
        `${request.method} ${request.path}: ${(err as Error).message}`,
      );
    } finally {
      await permit?.release();
    }
  }

  private url(request: ZohoRequest): string {
    const url = new URL(`${this.options.apiDomain.replace(/\/+$/, '')}/crm/v8${request.path}`);
    for (const [key, value] of Object.entries(request.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, value);
    return url.toString();
  }
}

function isAnswer(reply: ZohoReply, request: ZohoRequest): boolean {
  if (reply.status >= 200 && reply.status < 300) return true;
  if (reply.status === 304) return true;
  // All records refused: still a per-record answer, each record with its own reason.
  const key = request.perRecordKey;
  return (
    reply.status === 400 &&
    key !== undefined &&
    typeof reply.body === 'object' &&
    reply.body !== null &&
    Array.isArray((reply.body as Record<string, unknown>)[key])
  );
}

function parseBody(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
