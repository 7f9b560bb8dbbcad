import { SandboxHttpError } from '../core/server';

/**
 * HubSpot's standard error body: `{ status: 'error', message, correlationId, category }`, plus
 * `errors`, `context` or `subCategory` where HubSpot adds them.
 * https://developers.hubspot.com/docs/api/error-handling
 */
export type ErrorCategory =
  | 'VALIDATION_ERROR'
  | 'OBJECT_NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_AUTHENTICATION'
  | 'EXPIRED_AUTHENTICATION'
  | 'MISSING_SCOPES'
  | 'RATE_LIMITS'
  | 'BAD_REQUEST';

export type CorrelationIds = () => string;

export function errorBody(
  correlationId: string,
  category: ErrorCategory,
  message: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { status: 'error', message, correlationId, category, ...extra };
}

export function hubspotError(
  correlationId: CorrelationIds,
  status: number,
  category: ErrorCategory,
  message: string,
  extra: Record<string, unknown> = {},
): SandboxHttpError {
  return new SandboxHttpError(status, errorBody(correlationId(), category, message, extra));
}

/** A 400 VALIDATION_ERROR for a request body or query HubSpot would refuse. */
export function invalidInput(ids: CorrelationIds, message: string, extra: Record<string, unknown> = {}) {
  return hubspotError(ids, 400, 'VALIDATION_ERROR', message, extra);
}
