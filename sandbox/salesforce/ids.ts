/**
 * Salesforce record IDs: a 3-character key prefix (001 Account, 003 Contact, 006 Opportunity, ...),
 * an instance/pod part and a base-62 counter make the case-sensitive 15-character ID; the API
 * answers with the 18-character form, whose last 3 characters encode which of the first 15 are
 * upper case so the ID survives case-insensitive comparison. Both forms are accepted on input.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** The 3-character checksum suffix for a 15-character ID. */
export function idSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX.charAt(bits);
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + idSuffix(id15);
}

const SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$/;

/**
 * The canonical 18-character ID for a 15- or 18-character input, or undefined when it is not an ID.
 * An 18-character ID is recased from its suffix (Salesforce accepts any casing of the 18-char form).
 */
export function normalizeId(value: string): string | undefined {
  if (value.length === 18) {
    const upper = value.toUpperCase();
    if (!/^[A-Z0-9]{15}[A-Z0-5]{3}$/.test(upper)) return undefined;
    const suffix = upper.slice(15);
    let id15 = '';
    for (let chunk = 0; chunk < 3; chunk++) {
      const bits = SUFFIX.indexOf(suffix.charAt(chunk));
      for (let i = 0; i < 5; i++) {
        const c = value.charAt(chunk * 5 + i);
        id15 += bits & (1 << i) ? c.toUpperCase() : c.toLowerCase();
      }
    }
    return to18(id15);
  }
  if (value.length === 15 && SHAPE.test(value)) return to18(value);
  return undefined;
}

export function base62(n: number, width: number): string {
  let out = '';
  let rest = n;
  while (rest > 0) {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, '0');
}

/** Issues IDs per key prefix from counters, so the same sequence of writes gives the same IDs. */
export class IdFactory {
  private readonly counters = new Map<string, number>();

  /** `pod` stands in for the instance part of real IDs (two characters). */
  constructor(private readonly pod = '8c') {}

  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return to18(`${prefix}${this.pod}0${base62(n, 9)}`);
  }

  reset(): void {
    this.counters.clear();
  }
}
