/**
 * A read remembered for a short while per key: concurrent callers share one read, and a success is
 * reused until it is `ttlMs` old. Failures are never remembered. For what a busy organisation's syncs
 * read again and again (its connection, settings and CRM targets: a read each per sync otherwise),
 * where a change may take `ttlMs` to be seen. A `ttlMs` of 0 remembers nothing beyond the shared read.
 */
export function shortLived<T>(
  read: (key: string) => Promise<T>,
  ttlMs: number,
  now: () => number = Date.now,
): (key: string) => Promise<T> {
  const kept = new Map<string, { at: number; value: Promise<T> }>();
  let sweptAt = Number.NEGATIVE_INFINITY;
  return (key) => {
    const hit = kept.get(key);
    if (hit && now() - hit.at <= ttlMs) return hit.value;
    const value = read(key);
    const entry = { at: now(), value };
    kept.set(key, entry);
    // A failure is forgotten at once; a success after its ttl (the map stays as small as the keys in use).
    value.then(
      () => {
        if (ttlMs <= 0 && kept.get(key) === entry) kept.delete(key);
      },
      () => {
        if (kept.get(key) === entry) kept.delete(key);
      },
    );
    // At most one sweep per ttl: with more keys than that all in use, a sweep per read would be O(keys).
    if (kept.size > MAX_KEYS && now() - sweptAt > ttlMs) {
      sweptAt = now();
      for (const [k, e] of kept) if (sweptAt - e.at > ttlMs) kept.delete(k);
    }
    return value;
  };
}

/** Past this many keys, expired entries are swept on the next read. */
const MAX_KEYS = 1_000;

/** The value and everything in it frozen: a value shared between concurrent syncs can't be changed by one. */
export function deepFrozen<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFrozen(inner);
  }
  return value;
}
