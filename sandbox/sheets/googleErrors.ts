import { SandboxHttpError } from '../core/server';

/**
 * Google's JSON error body (google.rpc.Status as REST): `{ error: { code, message, status } }`.
 * https://cloud.google.com/apis/design/errors#http_mapping
 */
export type GoogleStatus =
  'INVALID_ARGUMENT' | 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | 'NOT_FOUND' | 'RESOURCE_EXHAUSTED';

const HTTP_OF: Record<GoogleStatus, number> = {
  INVALID_ARGUMENT: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
};

export function googleError(status: GoogleStatus, message: string, details?: unknown[]): SandboxHttpError {
  const code = HTTP_OF[status];
  return new SandboxHttpError(code, { error: { code, message, status, ...(details ? { details } : {}) } });
}

/** The token endpoint's OAuth-style error (RFC 6749 §5.2), as oauth2.googleapis.com answers it. */
export function oauthError(error: string, description: string): SandboxHttpError {
  return new SandboxHttpError(400, { error, error_description: description });
}
