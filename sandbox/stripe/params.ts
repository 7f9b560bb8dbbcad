import { z } from 'zod';
import { invalidRequest } from './errors';
import type { FormValue } from './form';

/**
 * Request parameters as Stripe checks them: every value arrives as a form string, an unknown
 * parameter is refused by name ("Received unknown parameter: items[0][prise]"), a missing one
 * too ("Missing required param: amount."), both as 400 invalid_request_error naming the param.
 */
export const int = z
  .string()
  .regex(/^-?\d+$/, 'Invalid integer')
  .transform(Number);
export const positiveInt = z.string().regex(/^\d+$/, 'Invalid positive integer').transform(Number);
export const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const metadata = z.record(z.string(), z.string());
export const currency = z
  .string()
  .regex(/^[a-zA-Z]{3}$/, 'Invalid currency')
  .transform((c) => c.toLowerCase());
export const id = z.string().min(1);

/** Bracket form of a parameter path: ['items', 0, 'price'] → items[0][price]. */
export function paramName(path: ReadonlyArray<PropertyKey>): string {
  const [head, ...rest] = path.map(String);
  return `${head ?? ''}${rest.map((p) => `[${p}]`).join('')}`;
}

export function parseParams<S extends z.ZodType>(schema: S, params: Record<string, FormValue>): z.output<S> {
  const { expand: _expand, ...rest } = params;
  const parsed = schema.safeParse(rest);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  if (!issue) throw invalidRequest('Invalid request');
  if (issue.code === 'unrecognized_keys') {
    const name = paramName([...issue.path, issue.keys[0] ?? '']);
    throw invalidRequest(`Received unknown parameter: ${name}`, name, 'parameter_unknown');
  }
  const name = paramName(issue.path);
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
    throw invalidRequest(`Missing required param: ${name}.`, name, 'parameter_missing');
  if (issue.code === 'invalid_value' || issue.code === 'invalid_type' || issue.code === 'invalid_format')
    throw invalidRequest(`Invalid ${name}: ${issue.message}`, name, 'parameter_invalid_string');
  throw invalidRequest(`Invalid ${name}: ${issue.message}`, name, 'parameter_invalid_integer');
}

/** `expand[]` as the SDK sends it (expand[0]=a&expand[1]=b), or a single `expand`. */
export function expandList(params: Record<string, FormValue>): string[] {
  const value = params.expand;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}
