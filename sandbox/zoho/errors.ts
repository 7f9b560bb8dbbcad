import { SandboxHttpError } from '../core/server';

/**
 * Zoho CRM's status body, the shape of the SDK's APIException and SuccessResponse
 * (core/com/zoho/crm/api/record/api_exception.ts, success_response.ts): `code`, `details`,
 * `message`, `status`. Errors of a whole call are answered bare; per-record ones sit in `data`.
 */
export interface ZohoStatus {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'success' | 'error';
  [extra: string]: unknown;
}

export function zohoStatus(code: string, message: string, details: Record<string, unknown> = {}): ZohoStatus {
  return { code, details, message, status: 'error' };
}

/** A whole call refused: its HTTP status, Zoho's body, and any headers (Retry-After on a 429). */
export class ZohoError extends SandboxHttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(status, zohoStatus(code, message, details));
  }
}

export const invalidToken = (): ZohoError => new ZohoError(401, 'INVALID_TOKEN', 'invalid oauth token');

export const invalidModule = (): ZohoError =>
  new ZohoError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', {
    resource_path_index: 0,
  });

export const requiredParamMissing = (param: string): ZohoError =>
  new ZohoError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
    param_name: param,
  });

export const invalidParam = (
  param: string,
  message = 'Please check whether the input values are correct',
): ZohoError => new ZohoError(400, 'INVALID_DATA', message, { param_name: param });
