import { VendorError, type Vendor } from './errors';

/**
 * How long one HTTP request to a vendor may go unanswered before the SDK aborts it (xero-node's
 * axios timeout, jsforce's request timeout). A request the vendor never answers would otherwise hold
 * one of the account's few concurrency permits (Xero allows 5 in flight) long after the activity
 * that made it timed out, stalling every record of the account behind it. Far above any answer the
 * vendors take when healthy.
 */
export const VENDOR_REQUEST_TIMEOUT_MS = 20_000;

/**
 * How long one connector call (one or a few requests) may take before it is given up as a retryable
 * failure and its permit released: the backstop for an SDK without a usable timeout (@hubspot/api-
 * client 13 drops its configured agent and middleware on the CRM APIs, so none can be set), inside
 * the vendor activities' one-minute start-to-close timeout.
 */
export const VENDOR_CALL_DEADLINE_MS = 45_000;

/**
 * `call`, or a retryable VendorError once `deadlineMs` has passed. The abandoned call is left to end
 * on its own (its outcome ignored): like any timeout, a write it made may have landed, which the
 * retry's idempotency (upsert by external ID, Xero's Idempotency-Key) absorbs.
 */
export function withinDeadline<T>(call: Promise<T>, deadlineMs: number, vendor: Vendor): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new VendorError('retryable', vendor, `no answer within ${deadlineMs} ms`)),
      deadlineMs,
    );
  });
  call.catch(() => undefined); // an abandoned call's late failure is not an unhandled rejection
  return Promise.race([call, deadline]).finally(() => clearTimeout(timer));
}
