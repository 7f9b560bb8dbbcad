import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { VendorError } from '../../../worker/connectors/errors';
import { vendorFailureInterceptors } from '../../../worker/temporal/vendorFailures';
import { VENDOR_ERROR_TYPES } from '../../../workflows/errorTypes';

/** The one place a connector's VendorError becomes the Temporal failure the workflows match on. */
describe('the vendor failure interceptor', () => {
  const run = (activity: () => Promise<unknown>) =>
    new MockActivityEnvironment(undefined, { interceptors: [vendorFailureInterceptors] })
      .run(activity)
      .catch((err: unknown) => err);

  it('fails a validation error non-retryably, with its type and the vendor in the details', async () => {
    const failure = await run(() =>
      Promise.reject(new VendorError('validation', 'hubspot', 'amount must be a number', { status: 400 })),
    );
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: VENDOR_ERROR_TYPES.validation,
      nonRetryable: true,
      message: 'hubspot: amount must be a number',
      details: [{ vendor: 'hubspot', kind: 'validation', status: 400 }],
    });
  });

  it('lets a rate limit be retried after exactly its Retry-After', async () => {
    const failure = await run(() =>
      Promise.reject(new VendorError('rateLimited', 'xero', 'slow down', { retryAfterMs: 2_500 })),
    );
    expect(failure).toMatchObject({
      type: VENDOR_ERROR_TYPES.rateLimited,
      nonRetryable: false,
      nextRetryDelay: 2_500,
    });
  });

  it('leaves other errors and results as they are', async () => {
    const plain = new TypeError('a bug');
    expect(await run(() => Promise.reject(plain))).toBe(plain);
    const failure = ApplicationFailure.nonRetryable('no connection', 'NoConnectionError');
    expect(await run(() => Promise.reject(failure))).toBe(failure);
    expect(await run(() => Promise.resolve({ synced: 3 }))).toEqual({ synced: 3 });
  });
});
