import type { SfRecord } from './store';

/**
 * Equality lookups on one field of one object, kept up to date as records are saved, so an
 * external-ID upsert, a unique check or a `WHERE Field = 'x'` does not scan every record (the
 * platform indexes these fields too). Keys are loose on purpose (text lower-cased, everything
 * stringified): the index only narrows the candidates; callers still apply the exact comparison.
 */
export class FieldIndex {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keyOf = new Map<string, string>();

  constructor(readonly field: string) {}

  static key(value: unknown): string | undefined {
    if (value === null || value === undefined) return undefined;
    return String(value).toLowerCase();
  }

  /** Records the record's current value (replacing what was indexed for its ID before). */
  put(record: SfRecord): void {
    const id = record.fields.Id as string;
    this.remove(id);
    const key = FieldIndex.key(record.fields[this.field]);
    if (key === undefined) return;
    let ids = this.byKey.get(key);
    if (!ids) this.byKey.set(key, (ids = new Set()));
    ids.add(id);
    this.keyOf.set(id, key);
  }

  remove(id: string): void {
    const key = this.keyOf.get(id);
    if (key === undefined) return;
    this.keyOf.delete(id);
    const ids = this.byKey.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.byKey.delete(key);
  }

  /** IDs of the records whose value may equal `value` (a superset of the exact matches). */
  candidates(value: unknown): Iterable<string> {
    const key = FieldIndex.key(value);
    return (key === undefined ? undefined : this.byKey.get(key)) ?? [];
  }
}
