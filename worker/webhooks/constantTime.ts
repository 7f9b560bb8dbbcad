import { timingSafeEqual } from 'node:crypto';

/** Compares two signatures without leaking where they differ; different lengths are simply unequal. */
export function signaturesEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
