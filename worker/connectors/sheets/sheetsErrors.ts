/**
 * What a Sheets call's failure means for the drain: throttled (429 RESOURCE_EXHAUSTED; wait, then
 * send again), refused (4xx: the request will not succeed as it is; nothing was written), or
 * unknown (no answer or a 5xx: the rows may have been written).
 */
export type SheetsFailureKind = 'throttled' | 'refused' | 'unknown';

export class SheetsCallError extends Error {
  override name = 'SheetsCallError';
  constructor(
    readonly kind: SheetsFailureKind,
    message: string,
    readonly status: number | undefined,
    /** From Retry-After, when the answer had one. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

interface GaxiosLikeError {
  status?: number;
  response?: { status?: number; headers?: unknown; data?: unknown };
  message?: string;
}

export function sheetsCallError(err: unknown): SheetsCallError {
  if (err instanceof SheetsCallError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as GaxiosLikeError;
  const status = e.response?.status ?? e.status;
  const message = googleMessage(e.response?.data) ?? e.message ?? String(err);
  if (status === 429)
    return new SheetsCallError(
      'throttled',
      message,
      status,
      retryAfterMs(header(e.response?.headers, 'retry-after')),
    );
  if (status !== undefined && status >= 400 && status < 500)
    return new SheetsCallError(
      'refused',
      `Google Sheets refused the call (${status}): ${message}`,
      status,
      undefined,
    );
  return new SheetsCallError(
    'unknown',
    `Google Sheets did not answer clearly: ${message}`,
    status,
    undefined,
  );
}

function googleMessage(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || !('error' in data)) return undefined;
  const { error, error_description: description } = data as { error: unknown; error_description?: unknown };
  // The token endpoint answers OAuth-style: { error, error_description }.
  if (typeof description === 'string') return `${String(error)}: ${description}`;
  if (typeof error === 'object' && error !== null && 'message' in error)
    return String((error as { message: unknown }).message);
  return typeof error === 'string' ? error : undefined;
}

function header(headers: unknown, name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  // gaxios answers a fetch Headers; duck-typed, as another realm's Headers fails instanceof.
  if ('get' in headers && typeof headers.get === 'function') {
    const value: unknown = (headers.get as (n: string) => unknown).call(headers, name);
    return typeof value === 'string' ? value : undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
