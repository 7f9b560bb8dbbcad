/** A concurrency lease this process holds in the store (api_leases), with when it expires there. */
export interface Lease {
  id: string;
  expiresAt: number;
}

/**
 * Leases released by this process's calls and kept, still stored, for its next call on the key:
 * handing a lease over costs no statement, where deleting it and booking a new one cost one each.
 * The store's count of leases does not change meanwhile, so the cap across processes holds.
 *
 * An idle lease blocks one unit of the key's concurrency for other processes: after IDLE_MS it is
 * handed back to be deleted (`lapse`). A lease with less than half its lifetime left is not reused,
 * so a call never starts on a lease that could expire under it (the vendor-call deadline is well
 * under half of any lease's life).
 */
export class IdleLeases {
  private readonly idle = new Map<string, IdleLease[]>();

  constructor(
    private readonly clock: { now(): number },
    private readonly lapse: (paceKey: string, leaseId: string) => void,
  ) {}

  /** Keeps a released lease for the key's next call; false when it is too old to reuse. */
  put(paceKey: string, lease: Lease, leaseMs: number): boolean {
    const now = this.clock.now();
    if (lease.expiresAt - now < leaseMs / 2) return false;
    let pool = this.idle.get(paceKey);
    if (!pool) this.idle.set(paceKey, (pool = []));
    const entry: IdleLease = { lease, since: now, timer: undefined };
    entry.timer = setTimeout(() => this.expire(paceKey, entry), IDLE_MS);
    entry.timer.unref();
    pool.push(entry);
    return true;
  }

  /** The most recently released lease still fit to reuse, taken; unfit ones lapse on the way. */
  take(paceKey: string, leaseMs: number): Lease | undefined {
    const pool = this.idle.get(paceKey);
    const now = this.clock.now();
    for (let entry = pool?.pop(); entry; entry = pool?.pop()) {
      clearTimeout(entry.timer);
      if (now - entry.since <= IDLE_MS && entry.lease.expiresAt - now >= leaseMs / 2) return entry.lease;
      this.lapse(paceKey, entry.lease.id);
    }
    return undefined;
  }

  has(paceKey: string): boolean {
    return (this.idle.get(paceKey)?.length ?? 0) > 0;
  }

  private expire(paceKey: string, entry: IdleLease): void {
    const pool = this.idle.get(paceKey);
    const i = pool?.indexOf(entry) ?? -1;
    if (i < 0) return;
    pool?.splice(i, 1);
    this.lapse(paceKey, entry.lease.id);
  }
}

interface IdleLease {
  lease: Lease;
  /** When it was released. */
  since: number;
  timer: NodeJS.Timeout | undefined;
}

/** How long a released lease waits for this process's next call on the key. */
const IDLE_MS = 100;
