import { ERROR_TYPES, kindForStatus, parseRetryAfter, VendorError } from '../../../worker/connectors/errors';
import { classifyHubspotError } from '../../../worker/connectors/hubspot/hubspotErrors';
import { classifySalesforceError } from '../../../worker/connectors/salesforce/salesforceErrors';
import { classifyXeroError } from '../../../worker/connectors/xero/xeroErrors';

describe('vendor error classification', () => {
  it.each([
    [429, 'rateLimited'],
    [401, 'auth'],
    [403, 'forbidden'],
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

  describe('403: a missing permission waits for a person, it is neither refreshed nor retried', () => {
    const sfError = (errorCode: string, message = 'refused') =>
      Object.assign(new Error(message), { name: errorCode, errorCode });

    it.each([
      [
        'Xero',
        classifyXeroError(
          JSON.stringify({ response: { statusCode: 403, body: { Title: 'Forbidden' }, headers: {} } }),
        ),
      ],
      [
        'HubSpot (missing scopes)',
        classifyHubspotError({
          code: 403,
          body: { category: 'MISSING_SCOPES', message: 'scopes' },
          headers: {},
        }),
      ],
      ['Salesforce (no error code)', classifySalesforceError(sfError('ERROR_HTTP_403'))],
      ['Salesforce (INSUFFICIENT_ACCESS)', classifySalesforceError(sfError('INSUFFICIENT_ACCESS'))],
      [
        'Salesforce (INSUFFICIENT_ACCESS_OR_READONLY)',
        classifySalesforceError(sfError('INSUFFICIENT_ACCESS_OR_READONLY')),
      ],
      ['Salesforce (API_DISABLED_FOR_ORG)', classifySalesforceError(sfError('API_DISABLED_FOR_ORG'))],
    ])('%s', (_vendor, error) => {
      expect(error.kind).toBe('forbidden');
      const failure = error.toFailure();
      expect(failure.type).toBe(ERROR_TYPES.forbidden);
      expect(failure.type).not.toBe(ERROR_TYPES.auth);
      expect(failure.nonRetryable).toBe(true);
    });

    it("but Salesforce's REQUEST_LIMIT_EXCEEDED, also a 403, means wait and retry", () => {
      const error = classifySalesforceError(
        sfError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.'),
      );
      expect(error.kind).toBe('rateLimited');
      expect(error.details).toMatchObject({ status: 403, retryAfterMs: expect.any(Number) });
      expect(error.toFailure().nonRetryable).toBe(false);
    });

    it('a Salesforce 401 without an error code still asks for a refresh', () => {
      const error = classifySalesforceError(sfError('ERROR_HTTP_401'));
      expect(error).toMatchObject({ kind: 'auth', details: { status: 401 } });
    });
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
