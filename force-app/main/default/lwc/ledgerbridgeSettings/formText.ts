/** Reading saved JSON into the form's text inputs and back: lists by comma, maps one entry a line. */
export type Json = Record<string, unknown>;
/** Field path → message, as the rules and the worker name them (`currencies.crmToXero`). */
export type PathErrors = Record<string, string>;

export const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};

export const strings = (v: unknown, fallback: string[]): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : fallback;

export const text = (v: unknown, fallback = ''): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : fallback;

/** A record as "KEY=VALUE" lines. */
export const lines = (record: Json, format: (value: unknown) => string): string =>
  Object.entries(record)
    .map(([key, value]) => `${key}=${format(value)}`)
    .join('\n');

/** "KEY=VALUE" lines into a record; a line without "=" is a mistake reported at `path`. */
export function parseLines(value: string, path: string, errors: PathErrors): Record<string, string> {
  const out: Record<string, string> = {};
  value
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .forEach((line, i) => {
      const at = line.indexOf('=');
      if (at < 0) errors[path] ??= `line ${i + 1}: write CODE=VALUE`;
      else out[line.slice(0, at).trim()] = line.slice(at + 1).trim();
    });
  return out;
}

export const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

export function number(value: string, path: string, errors: PathErrors): number | undefined {
  if (value.trim() === '' || Number.isNaN(Number(value))) {
    errors[path] = 'must be a number';
    return undefined;
  }
  return Number(value);
}

/** A whole number as typed ("-3" too), or a mistake at `path` (the rules then judge its range). */
export function wholeNumber(value: string, path: string, errors: PathErrors): number | undefined {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n)) {
    errors[path] ??= 'must be a whole number';
    return undefined;
  }
  return n;
}
