import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { BudgetRecorder, type VendorBudget } from './budgetRecorder';
import type { PaceLimit } from './gcra';
import { LocalGate } from './localGate';

export interface PacePolicy {
  limits: PaceLimit[];
  /** Calls in flight at once for one key (Xero: 5 per tenant). */
  concurrency?: number;
  /** How long a lease outlives a process that died holding it. */
  leaseMs?: number;
}

export interface Permit {
  /** How long this call waited for its slot. */
  waitedMs: number;
  release(): Promise<void>;
}

/**
 * Paces vendor calls for every worker process sharing one store: each call takes a concurrency lease
 * and books its GCRA slot in a short transaction under an advisory lock on the key, then sleeps
 * until the slot. A 429 with Retry-After pushes the key's slots past it for everyone.
 *
 * Calls of this process that ask for one key while a booking is under way are booked together in
 * the next transaction (as a database groups commits): one round of queries for many calls when
 * busy, the same single booking as before when not.
 */
export class SharedPacer {
  /** Callers of this process queue here (FIFO) for a lease rather than polling the store together. */
  private readonly local = new Map<string, LocalGate>();
  private readonly budgets: BudgetRecorder;
  /** Per key: calls waiting for the next group booking. */
  private readonly bookings = new Map<string, BookingQueue>();
  /** Per key: leases released and not yet deleted (they go with the key's next booking). */
  private readonly released = new Map<string, string[]>();
  private readonly releaseTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policyFor: (paceKey: string) => PacePolicy,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = realClock,
  ) {
    this.budgets = new BudgetRecorder(db, clock);
  }

  async acquire(paceKey: string): Promise<Permit> {
    const policy = this.policyFor(paceKey);
    const started = this.clock.now();
    const gate = this.localGate(paceKey, policy);
    await gate?.enter();
    try {
      const booked = await this.book(paceKey, policy);
      const wait = booked.at - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      const leaseId = booked.leaseId;
      // Like the stored lease, the local slot of a holder that never releases lapses.
      let holdsGate = gate !== undefined;
      const leaveGate = () => {
        if (holdsGate) gate?.leave();
        holdsGate = false;
      };
      const lapse = setTimeout(leaveGate, policy.leaseMs ?? DEFAULT_LEASE_MS);
      lapse.unref();
      let released = false;
      return {
        waitedMs: this.clock.now() - started,
        release: async () => {
          if (released) return;
          released = true;
          clearTimeout(lapse);
          // The local slot first: the next caller's booking takes this lease's deletion along.
          leaveGate();
          if (leaseId) this.releaseLease(paceKey, leaseId);
        },
      };
    } catch (err) {
      gate?.leave();
      throw err;
    }
  }

  private localGate(paceKey: string, policy: PacePolicy): LocalGate | undefined {
    if (policy.concurrency === undefined) return undefined;
    let gate = this.local.get(paceKey);
    if (!gate) this.local.set(paceKey, (gate = new LocalGate(policy.concurrency)));
    return gate;
  }

  /** After a 429: no call on this key starts before `untilMs`. */
  async holdUntil(paceKey: string, untilMs: number): Promise<void> {
    const policy = this.policyFor(paceKey);
    for (const limit of policy.limits) {
      // A tat this far ahead makes the earliest slot exactly `untilMs`, burst allowance included,
      // and resumes at the even pace afterwards (being careful right after a 429).
      const interval = limit.periodMs / limit.limit;
      const tat = new Date(untilMs + interval * (Math.max(1, limit.burst) - 1));
      await this.db
        .insertInto('api_pacing')
        .values({ pace_key: paceKey, limit_name: limit.name, tat })
        .onConflict((oc) =>
          oc
            .columns(['pace_key', 'limit_name'])
            .doUpdateSet({ tat: sql<Date>`greatest(api_pacing.tat, excluded.tat)` }),
        )
        .execute();
    }
  }

  /** What the vendor says is left of the budget (see BudgetRecorder: at most one write a second). */
  recordBudget(paceKey: string, budget: VendorBudget): Promise<void> {
    return this.budgets.record(paceKey, budget);
  }

  /** Joins the key's next group booking; resolves with this call's slot (and lease). */
  private book(paceKey: string, policy: PacePolicy): Promise<Booking> {
    let queue = this.bookings.get(paceKey);
    if (!queue) this.bookings.set(paceKey, (queue = { waiting: [], running: false }));
    const joined = new Promise<Booking>((resolve, reject) => queue.waiting.push({ resolve, reject }));
    if (!queue.running) void this.drain(paceKey, policy, queue);
    return joined;
  }

  private async drain(paceKey: string, policy: PacePolicy, queue: BookingQueue): Promise<void> {
    queue.running = true;
    try {
      while (queue.waiting.length > 0) {
        const group = queue.waiting.slice(0, MAX_GROUP);
        let booked: Booking[];
        try {
          booked = await this.bookGroup(paceKey, policy, group.length);
        } catch (err) {
          queue.waiting.splice(0, group.length);
          for (const waiter of group) waiter.reject(err);
          continue;
        }
        queue.waiting.splice(0, booked.length);
        booked.forEach((booking, i) => group[i]?.resolve(booking));
        // Every lease is taken: go again at once if this process has released some meanwhile (they
        // are deleted with the next booking), else poll briefly rather than hold a lock meanwhile.
        if (booked.length === 0 && !this.released.get(paceKey)?.length) await this.clock.sleep(50);
      }
    } finally {
      queue.running = false;
    }
  }

  /**
   * Books up to `wanted` successive slots on the key in one round trip (fewer if leases run out):
   * the GCRA of gcra.ts, run by the store under an advisory lock on the key (migration 0018).
   */
  private async bookGroup(paceKey: string, policy: PacePolicy, wanted: number): Promise<Booking[]> {
    const releasing = this.takeReleased(paceKey);
    try {
      const { rows } = await sql<{ at_ms: number; lease_id: string | null }>`
        select at_ms, lease_id from ledgerbridge_pace_book(
          ${paceKey}, ${JSON.stringify(policy.limits)}::jsonb, ${policy.concurrency ?? null}::integer,
          ${policy.leaseMs ?? DEFAULT_LEASE_MS}::float8, ${this.clock.now()}::float8, ${wanted}::integer,
          ${releasing}::uuid[])
      `.execute(this.db);
      return rows.map((r) => ({ at: Number(r.at_ms), ...(r.lease_id ? { leaseId: r.lease_id } : {}) }));
    } catch (err) {
      // Not deleted: they go with the next booking or the timer.
      for (const id of releasing) this.releaseLease(paceKey, id);
      throw err;
    }
  }

  /**
   * Deletes a released lease without keeping the caller waiting: with the key's next booking when
   * one comes soon (a busy key), else on its own after RELEASE_DELAY_MS. Should that delete fail,
   * the lease lapses after `leaseMs` like a dead process's.
   */
  private releaseLease(paceKey: string, leaseId: string): void {
    const pending = this.released.get(paceKey);
    if (pending) pending.push(leaseId);
    else this.released.set(paceKey, [leaseId]);
    if (this.releaseTimers.has(paceKey)) return;
    const timer = setTimeout(() => {
      this.releaseTimers.delete(paceKey);
      const alone = this.takeReleased(paceKey);
      if (alone.length > 0)
        this.db
          .deleteFrom('api_leases')
          .where('lease_id', 'in', alone)
          .execute()
          .catch(() => undefined);
    }, RELEASE_DELAY_MS);
    timer.unref();
    this.releaseTimers.set(paceKey, timer);
  }

  private takeReleased(paceKey: string): string[] {
    const pending = this.released.get(paceKey) ?? [];
    this.released.delete(paceKey);
    return pending;
  }
}

interface Booking {
  /** When the call may go (epoch ms). */
  at: number;
  leaseId?: string;
}

interface BookingQueue {
  waiting: Array<{ resolve(booking: Booking): void; reject(err: unknown): void }>;
  running: boolean;
}

/** Most calls booked in one call of the booking function. */
const MAX_GROUP = 100;

const DEFAULT_LEASE_MS = 120_000;
/** How long a released lease waits to go with the key's next booking before it is deleted alone. */
const RELEASE_DELAY_MS = 25;

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
