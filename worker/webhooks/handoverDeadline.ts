import { isGrpcServiceError, type Client } from '@temporalio/client';

/**
 * A hand-over to Temporal answers within this or counts as Temporal being unreachable: the vendor
 * gets a 503 and retries, well inside its own request timeout (Xero's is 5 s).
 */
export const HANDOVER_DEADLINE_MS = 4_000;

/** Seconds a vendor is asked to wait before retrying a hand-over that did not happen. */
export const HANDOVER_RETRY_AFTER_SECONDS = 10;

/** Temporal did not durably take a change in time: nothing was acknowledged, the sender retries. */
export class TemporalUnavailableError extends Error {
  override readonly name = 'TemporalUnavailableError';
  constructor(
    readonly deadlineMs: number,
    options?: { cause?: unknown },
  ) {
    super(`Temporal did not take the hand-over within ${deadlineMs} ms`, options);
  }
}

// DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE: the server is away or overloaded, the request is fine.
const UNAVAILABLE_CODES = new Set([4, 8, 14]);
// A deadline the client library does not honour (a connection still being made) ends a little later.
const GUARD_SLACK_MS = 500;

/** Runs a hand-over under a gRPC deadline; an unreachable Temporal becomes TemporalUnavailableError. */
export async function handOverWithin<T>(
  client: Client,
  deadlineMs: number,
  handOver: () => Promise<T>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalUnavailableError(deadlineMs)), deadlineMs + GUARD_SLACK_MS);
  });
  try {
    return await Promise.race([client.withDeadline(Date.now() + deadlineMs, handOver), guard]);
  } catch (err) {
    if (err instanceof TemporalUnavailableError || !meansUnavailable(err)) throw err;
    throw new TemporalUnavailableError(deadlineMs, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}

function meansUnavailable(err: unknown): boolean {
  for (let cause = err, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (isGrpcServiceError(cause) && UNAVAILABLE_CODES.has(cause.code)) return true;
    cause = cause.cause;
  }
  return false;
}
