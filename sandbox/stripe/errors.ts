import { SandboxHttpError } from '../core/server';

/**
 * Stripe's error body: `{ error: { type, code?, message, param?, ... } }` with the HTTP status the
 * SDK maps to its classes (400/404 StripeInvalidRequestError, 401 StripeAuthenticationError,
 * 402 StripeCardError, 429 StripeRateLimitError). https://docs.stripe.com/api/errors
 */
export class StripeApiError extends SandboxHttpError {
  constructor(
    status: number,
    readonly error: {
      type: 'invalid_request_error' | 'card_error' | 'api_error' | 'idempotency_error';
      message: string;
      code?: string;
      param?: string;
      decline_code?: string;
      [extra: string]: unknown;
    },
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { error: { ...error, doc_url: error.code ? docUrl(error.code) : undefined } });
  }
}

const docUrl = (code: string) => `https://docs.stripe.com/error-codes/${code.replace(/_/g, '-')}`;

export function resourceMissing(noun: string, id: string, param = 'id'): StripeApiError {
  return new StripeApiError(404, {
    type: 'invalid_request_error',
    code: 'resource_missing',
    message: `No such ${noun}: '${id}'`,
    param,
  });
}

export function invalidRequest(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError(400, {
    type: 'invalid_request_error',
    message,
    ...(param ? { param } : {}),
    ...(code ? { code } : {}),
  });
}
