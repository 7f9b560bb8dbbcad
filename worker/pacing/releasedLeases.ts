import type { Kysely } from 'kysely';
import type { Database } from '../store/schema';

/**
 * Released leases waiting to be deleted without keeping any caller waiting: with the key's next
 * booking when one comes soon (a busy key: `take` hands them to it), else on their own after
 * RELEASE_DELAY_MS. Should that delete fail, a lease lapses after `leaseMs` like a dead process's.
 */
export class ReleasedLeases {
  private readonly pending = new Map<string, string[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly db: Kysely<Database>) {}

  add(paceKey: string, leaseId: string): void {
    const pending = this.pending.get(paceKey);
    if (pending) pending.push(leaseId);
    else this.pending.set(paceKey, [leaseId]);
    if (this.timers.has(paceKey)) return;
    const timer = setTimeout(() => {
      this.timers.delete(paceKey);
      const alone = this.take(paceKey);
      if (alone.length > 0)
        this.db
          .deleteFrom('api_leases')
          .where('lease_id', 'in', alone)
          .execute()
          .catch(() => undefined);
    }, RELEASE_DELAY_MS);
    timer.unref();
    this.timers.set(paceKey, timer);
  }

  /** The key's pending leases, for a booking to delete. */
  take(paceKey: string): string[] {
    const pending = this.pending.get(paceKey) ?? [];
    this.pending.delete(paceKey);
    return pending;
  }

  has(paceKey: string): boolean {
    return (this.pending.get(paceKey)?.length ?? 0) > 0;
  }
}

/** How long a released lease waits to go with the key's next booking before it is deleted alone. */
const RELEASE_DELAY_MS = 25;
