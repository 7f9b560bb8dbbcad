import { kindForStatus, VendorError, type ErrorKind } from '../errors';

/**
 * jsforce rejects with an Error carrying Salesforce's `errorCode` (REST API Developer Guide, "Status
 * Codes and Error Responses"), `ERROR_HTTP_<status>` when the body had none, or a network error.
 * Codes decide the kind, not just the status: REQUEST_LIMIT_EXCEEDED comes as 403 and means "wait",
 * INVALID_SESSION_ID (401) means "refresh", a missing permission (403) waits for a person.
 */
const KIND_BY_CODE: Record<string, ErrorKind> = {
  INVALID_SESSION_ID: 'auth',
  INSUFFICIENT_ACCESS: 'forbidden',
  INSUFFICIENT_ACCESS_OR_READONLY: 'forbidden',
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: 'forbidden',
  API_DISABLED_FOR_ORG: 'forbidden',
  API_CURRENTLY_DISABLED: 'forbidden',
  REQUEST_LIMIT_EXCEEDED: 'rateLimited',
  NOT_FOUND: 'notFound',
  ENTITY_IS_DELETED: 'notFound',
  DUPLICATE_VALUE: 'conflict',
  DUPLICATES_DETECTED: 'conflict',
  UNABLE_TO_LOCK_ROW: 'retryable',
  SERVER_UNAVAILABLE: 'retryable',
};

interface JsforceError {
  errorCode?: string;
  name?: string;
  message?: string;
  fields?: string[];
  data?: unknown;
}

/** How long to wait when the org's daily API allowance is spent: it frees up over the 24-hour window. */
const DAILY_LIMIT_WAIT_MS = 15 * 60_000;

export function classifySalesforceError(err: unknown): VendorError {
  if (err instanceof VendorError) return err;
  if (!(err instanceof Error)) return new VendorError('retryable', 'salesforce', String(err));
  const e = err as Error & JsforceError;
  const code = e.errorCode ?? e.name;
  const known = code ? KIND_BY_CODE[code] : undefined;
  const httpStatus = code ? Number(/^ERROR_HTTP_(\d{3})$/.exec(code)?.[1] ?? NaN) : NaN;
  const looksInvalid =
    code !== undefined &&
    /^(REQUIRED_FIELD_MISSING|STRING_TOO_LONG|INVALID_|FIELD_|MALFORMED_|JSON_PARSER_ERROR)/.test(code);
  const kind: ErrorKind =
    known ??
    (Number.isNaN(httpStatus) ? undefined : kindForStatus(httpStatus)) ??
    (looksInvalid ? 'validation' : 'retryable');
  return new VendorError(kind, 'salesforce', `${code ?? 'error'}: ${e.message ?? ''}`.trim(), {
    ...(code ? { vendorCode: code } : {}),
    ...(code === 'INVALID_SESSION_ID' ? { status: 401 } : {}),
    ...(Number.isNaN(httpStatus) ? {} : { status: httpStatus }),
    ...(code === 'REQUEST_LIMIT_EXCEEDED' ? { status: 403, retryAfterMs: DAILY_LIMIT_WAIT_MS } : {}),
    ...(e.fields?.length ? { fields: e.fields } : {}),
  });
}
