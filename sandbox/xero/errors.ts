import { SandboxHttpError } from '../core/server';

/** Xero's 400 for invalid input: a ValidationException with one element per failed record. */
export function validationException(
  elements: Array<Record<string, unknown> & { ValidationErrors: Array<{ Message: string }> }>,
) {
  return new SandboxHttpError(400, {
    ErrorNumber: 10,
    Type: 'ValidationException',
    Message: 'A validation exception occurred',
    Elements: elements,
  });
}

export function notFound(): SandboxHttpError {
  return new SandboxHttpError(404, {
    Title: 'Not Found',
    Status: 404,
    Detail: 'The resource you\u2019re looking for cannot be found',
  });
}
