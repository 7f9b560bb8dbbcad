import { kindForStatus, parseRetryAfter, VendorError } from '../errors';

/**
 * xero-node rejects with a JSON string `{ response: { statusCode, body, headers } }` (or a plain
 * Error for network failures). This turns either into a classified VendorError with Xero's message.
 */
interface XeroFailure {
  statusCode: number;
  body: unknown;
  headers: Record<string, string>;
}

export function parseXeroFailure(err: unknown): XeroFailure | undefined {
  if (typeof err !== 'string') return undefined;
  try {
    const parsed = JSON.parse(err) as { response?: XeroFailure };
    return parsed.response && typeof parsed.response.statusCode === 'number' ? parsed.response : undefined;
  } catch {
    return undefined;
  }
}

function messageOf(body: unknown): string {
  if (!body || typeof body !== 'object') return String(body ?? '');
  const b = body as {
    Message?: string;
    Detail?: string;
    Title?: string;
    Elements?: Array<{ ValidationErrors?: Array<{ Message?: string }> }>;
  };
  const validation = (b.Elements ?? [])
    .flatMap((e) => (e.ValidationErrors ?? []).map((v) => v.Message ?? ''))
    .filter(Boolean);
  return validation.length > 0
    ? validation.join('; ')
    : (b.Detail ?? b.Message ?? b.Title ?? JSON.stringify(body));
}

export function classifyXeroError(err: unknown, now = Date.now()): VendorError {
  if (err instanceof VendorError) return err;
  const failure = parseXeroFailure(err);
  if (!failure || failure.statusCode === 0) {
    return new VendorError(
      'retryable',
      'xero',
      err instanceof Error ? err.message : `network error: ${String(err).slice(0, 200)}`,
    );
  }
  const kind = kindForStatus(failure.statusCode);
  const retryAfterMs = parseRetryAfter(failure.headers['retry-after'], now);
  return new VendorError(kind, 'xero', `${failure.statusCode} ${messageOf(failure.body)}`, {
    status: failure.statusCode,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(failure.headers['x-rate-limit-problem']
      ? { vendorCode: failure.headers['x-rate-limit-problem'] }
      : {}),
  });
}
