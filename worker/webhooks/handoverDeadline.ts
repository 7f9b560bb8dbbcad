import { isGrpcServiceError, type Client } from '@temporalio/client';
import type { InstallationOfAccount } from '../installations/installationOfAccount';

/**
 * Each record's hand-over to Temporal answers within this or counts as Temporal being unreachable:
 * the vendor gets a 503 and retries, well inside its own request timeout (Xero's is 5 s).
 */
export const HANDOVER_DEADLINE_MS = 4_000;

/**
 * Hand-overs in flight at once. The deadline is per record, from when its call starts, so a poll
 * handing over a page of a thousand records is not held to what a webhook's handful must meet.
 */
const HANDOVER_CONCURRENCY = 50;

/** What the Xero and CRM dispatchers are built with. */
export interface DispatcherOptions {
  /** Per record (HANDOVER_DEADLINE_MS by default). */
  deadlineMs?: number;
  /** The account's installation, for the Installation search attribute (omitted when unknown). */
  installationOf?: InstallationOfAccount;
}

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
  client: Pick<Client, 'withDeadline'>,
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

/** Hands every item over, each under the deadline, a bounded number at a time; fails with the first failure. */
export async function handOverEach<T>(
  client: Pick<Client, 'withDeadline'>,
  deadlineMs: number,
  items: T[],
  handOver: (item: T) => Promise<unknown>,
): Promise<void> {
  // The lanes share one iterator: each takes the next item, and a failure ends the iteration for all.
  const queue = items.values();
  const lane = async (): Promise<void> => {
    for (const item of queue) await handOverWithin(client, deadlineMs, () => handOver(item));
  };
  await Promise.all(Array.from({ length: Math.min(HANDOVER_CONCURRENCY, items.length) }, lane));
}

function meansUnavailable(err: unknown): boolean {
  for (let cause = err, depth = 0; cause instanceof Error && depth < 5; depth++) {
    if (isGrpcServiceError(cause) && UNAVAILABLE_CODES.has(cause.code)) return true;
    cause = cause.cause;
  }
  return false;
}
