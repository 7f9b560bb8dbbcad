import type { Store } from '../store/store';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  temporal: { ok: boolean; address: string; namespace: string; error?: string };
  store: { ok: boolean; kind: string; error?: string };
}

export interface HealthDeps {
  temporal: { address: string; namespace: string; probe(timeoutMs: number): Promise<void> };
  store: Store;
  /** Each probe gets this long before it counts as down (default 2 s). */
  timeoutMs?: number;
}

/** Probes Temporal (a real RPC, not a socket check) and the store, in parallel. */
export async function checkHealth(deps: HealthDeps): Promise<HealthReport> {
  const timeoutMs = deps.timeoutMs ?? 2_000;
  const [temporal, store] = await Promise.all([
    probe(() => deps.temporal.probe(timeoutMs), timeoutMs),
    probe(() => deps.store.ping(), timeoutMs),
  ]);
  return {
    status: temporal.ok && store.ok ? 'ok' : 'unavailable',
    temporal: { ...temporal, address: deps.temporal.address, namespace: deps.temporal.namespace },
    store: { ...store, kind: deps.store.kind },
  };
}

async function probe(
  fn: () => Promise<unknown>,
  timeoutMs: number,
): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  // A little slack so a probe with its own deadline (Temporal) reports its own error first.
  const guardMs = timeoutMs + 500;
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), guardMs);
      }),
    ]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
}
