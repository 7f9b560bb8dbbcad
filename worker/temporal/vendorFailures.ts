import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { VendorError } from '../connectors/errors';

/**
 * The one place a vendor's error becomes a Temporal failure: an activity (local or not) that throws
 * a connector's classified VendorError fails with its ApplicationFailure (type from
 * workflows/errorTypes.ts, non-retryable when retrying cannot help, Retry-After as the next delay).
 * Activities throw VendorErrors as they come; anything else leaves as it is.
 */
export const vendorFailureInbound: ActivityInboundCallsInterceptor = {
  async execute(input, next) {
    try {
      return await next(input);
    } catch (err) {
      throw err instanceof VendorError ? err.toFailure() : err;
    }
  },
};

export const vendorFailureInterceptors: ActivityInterceptorsFactory = () => ({
  inbound: vendorFailureInbound,
});
