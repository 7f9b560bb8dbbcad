import { ERROR_TYPES, kindForStatus, parseRetryAfter, VendorError } from '../../../worker/connectors/errors';

describe('vendor error classification', () => {
  it.each([
    [429, 'rateLimited'],
    [401, 'auth'],
    [403, 'auth'],
    [404, 'notFound'],
    [409, 'conflict'],
    [400, 'validation'],
    [500, 'retryable'],
    [503, 'retryable'],
  ] as const)('status %i is %s', (status, kind) => {
    expect(kindForStatus(status)).toBe(kind);
  });

  it('makes validation errors non-retryable and keeps the vendor message', () => {
    const failure = new VendorError('validation', 'xero', 'Email address must be valid.', {
      status: 400,
    }).toFailure();
    expect(failure.type).toBe(ERROR_TYPES.validation);
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toBe('xero: Email address must be valid.');
  });

  it('retries a 429 after exactly Retry-After', () => {
    const failure = new VendorError('rateLimited', 'hubspot', 'ten_secondly_rolling', {
      retryAfterMs: 7_000,
    }).toFailure();
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBe(7_000);
  });

  it('lets transient errors retry with the policy backoff', () => {
    const failure = new VendorError('retryable', 'salesforce', '503').toFailure();
    expect(failure.nonRetryable).toBe(false);
    expect(failure.nextRetryDelay).toBeUndefined();
  });

  it.each([
    ['7', 7_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Wed, 21 Oct 2015 07:28:10 GMT', 10_000],
    ['soon', undefined],
    [undefined, undefined],
  ])('parses Retry-After %j', (value, ms) => {
    expect(parseRetryAfter(value, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(ms);
  });
});
