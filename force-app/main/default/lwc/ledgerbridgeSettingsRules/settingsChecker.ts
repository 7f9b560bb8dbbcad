export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The schema's wording for keys a strict group does not have: `Unrecognized keys: "a", "b"`. */
export const unrecognizedKeys = (keys: string[]): string =>
  `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map((k) => `"${k}"`).join(', ')}`;

/**
 * Collects issues as [path, message, aborts]. "Aborting" ones (wrong type, value or key) stop the
 * cross-field rule, as in zod; the others (too short, out of range, unknown key) do not.
 */
export class Checker {
  readonly issues: Array<[path: string, message: string, aborts: boolean]> = [];

  typeError(path: string, message: string): void {
    this.issues.push([path, message, true]);
  }

  check(path: string, message: string): void {
    this.issues.push([path, message, false]);
  }

  get aborted(): boolean {
    return this.issues.some(([, , aborts]) => aborts);
  }

  /** The object at `path` (defaults to {} when absent), or undefined after a type issue. */
  object(value: unknown, path: string): Json | undefined {
    if (value === undefined) return {};
    if (!isObject(value)) return (this.typeError(path, 'must be a group of settings'), undefined);
    return value;
  }

  /** Keys of a strict group other than `known` are reported on the group. */
  strict(value: Json, known: readonly string[], path: string): void {
    const unknown = Object.keys(value).filter((k) => !known.includes(k));
    if (unknown.length > 0) this.check(path, unrecognizedKeys(unknown));
  }

  text(value: unknown, path: string, message = 'must not be empty'): string | undefined {
    if (typeof value !== 'string') return (this.typeError(path, 'must be text'), undefined);
    if (value.length < 1) this.check(path, message);
    return value;
  }

  oneOf(value: unknown, allowed: readonly string[], path: string): void {
    if (typeof value !== 'string' || !allowed.includes(value))
      this.typeError(path, `must be one of ${allowed.join(', ')}`);
  }

  number(value: unknown, path: string, integer: boolean): number | undefined {
    if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value)))
      return (this.typeError(path, integer ? 'must be a whole number' : 'must be a number'), undefined);
    return value;
  }

  boolean(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.typeError(path, 'must be on or off');
  }

  /** A record whose keys must be non-empty (an empty key is an aborting key error in zod). */
  record(value: unknown, path: string, each: (key: string, v: unknown, at: string) => void): void {
    const record = this.object(value, path);
    if (!record) return;
    for (const [key, v] of Object.entries(record)) {
      if (key.length < 1) this.typeError(`${path}.${key}`, 'needs a code');
      else each(key, v, `${path}.${key}`);
    }
  }
}
