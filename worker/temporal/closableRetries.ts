import { type Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/** The SDK's retry waits at most 5 s (times 1.2 jitter) between tries. */
const LONGEST_RETRY_WAIT_MS = 6_500;

/**
 * The client connection's usual gRPC retries, made safe to close. The SDK's retry interceptor
 * schedules each retry on a timer; a timer that fires after `connection.close()` opens a call on the
 * closed channel, and grpc-js throws "Channel has been shut down" from the timer, an uncaught
 * exception (seen in CI when the app stopped while a client call was being retried). Here closing
 * first stops new retries, waits out the retries already scheduled (they run on the still-open
 * channel), then closes: a call still in flight then fails with its status instead.
 */
export class ClosableRetries {
  private closing = false;
  /** When the last scheduled retry timer fires (epoch ms). */
  private quietAt = 0;

  readonly interceptors = [
    makeGrpcRetryInterceptor({
      delayFunction: (attempt, status) => {
        const delay = defaults.delayFunction(attempt, status);
        this.quietAt = Math.max(this.quietAt, Date.now() + delay);
        return delay;
      },
      retryableDecider: (attempt, status) => !this.closing && defaults.retryableDecider(attempt, status),
    }),
  ];

  async close(connection: Connection): Promise<void> {
    this.closing = true;
    const wait = Math.min(this.quietAt - Date.now(), LONGEST_RETRY_WAIT_MS);
    // A retry fires at its time and its call starts before the channel closes.
    if (wait > -1) await new Promise((resolve) => setTimeout(resolve, wait + 50));
    await connection.close();
  }
}

const defaults = defaultGrpcRetryOptions();
