import { SandboxHttpError } from '../core/server';

/**
 * Salesforce's error shapes. REST resources answer errors as an array of
 * `{ message, errorCode, fields? }` (REST API Developer Guide, "Status Codes and Error Responses");
 * save results inside sObject Collections and composite responses name the code `statusCode`.
 */
export interface SfError {
  errorCode: string;
  message: string;
  fields?: string[];
}

export function sfError(errorCode: string, message: string, fields?: string[]): SfError {
  return fields ? { errorCode, message, fields } : { errorCode, message };
}

export function httpError(
  status: number,
  errorCode: string,
  message: string,
  fields?: string[],
): SandboxHttpError {
  return new SandboxHttpError(status, [sfError(errorCode, message, fields)]);
}

export const notFound = (): SandboxHttpError =>
  httpError(404, 'NOT_FOUND', 'The requested resource does not exist');

export const malformedQuery = (message: string): SandboxHttpError =>
  httpError(400, 'MALFORMED_QUERY', message);

/** A save result's error, as sObject Collections render it. */
export function asStatus(e: SfError): { statusCode: string; message: string; fields: string[] } {
  return { statusCode: e.errorCode, message: e.message, fields: e.fields ?? [] };
}

/** A SOQL or request problem raised deep inside the parser/evaluator. */
export class SfRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: SfError,
  ) {
    super(error.message);
  }
}
