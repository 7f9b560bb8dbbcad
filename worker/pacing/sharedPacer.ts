import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { BudgetRecorder, type VendorBudget } from './budgetRecorder';
import type { PaceLimit } from './gcra';
import { IdleLeases, type Lease } from './idleLeases';
import { LocalGate } from './localGate';
import { pacePermit, type Permit } from './pacePermit';
import { bookPaceRound, DEFAULT_LEASE_MS } from './paceBooking';
import { ReleasedLeases } from './releasedLeases';
import { graceFor, SlotStash } from './slotStash';

export interface PacePolicy {
  limits: PaceLimit[];
  /** Calls in flight at once for one key (Xero: 5 per tenant). */
  concurrency?: number;
  /** How long a lease outlives a process that died holding it. */
  leaseMs?: number;
}

export type { Permit } from './pacePermit';

/**
 * Paces vendor calls for every worker process sharing one store: each call takes a concurrency lease
 * and a GCRA slot booked in the store under an advisory lock on the key, then sleeps until the
 * slot. A 429 with Retry-After pushes the key's slots past it for everyone.
 *
 * Round trips are saved three ways, none of them changing what the store counts: calls of this
 * process that ask while a booking is under way are booked together in the next one (as a database
 * groups commits); a released lease is handed to this process's next call on the key (idleLeases.ts);
 * and a key in steady local demand books a few slots ahead for its next callers (slotStash.ts,
 * which bounds how late such a slot may go and how many can lapse unused). A quiet key books one
 * slot per call.
 */
export class SharedPacer {
  /** Callers of this process queue here (FIFO) for a lease rather than polling the store together. */
  private readonly local = new Map<string, LocalGate>();
  private readonly budgets: BudgetRecorder;
  private readonly bookings = new Map<string, BookingQueue>();
  private readonly stashes = new Map<string, SlotStash>();
  private readonly idle: IdleLeases;
  /** Leases released and not yet deleted (they go with the key's next booking). */
  private readonly released: ReleasedLeases;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policyFor: (paceKey: string) => PacePolicy,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = realClock,
  ) {
    this.budgets = new BudgetRecorder(db, clock);
    this.released = new ReleasedLeases(db);
    this.idle = new IdleLeases(clock, (paceKey, leaseId) => this.released.add(paceKey, leaseId));
  }

  async acquire(paceKey: string): Promise<Permit> {
    const policy = this.policyFor(paceKey);
    const started = this.clock.now();
    const gate = this.localGate(paceKey, policy);
    await gate?.enter();
    try {
      const booked = await this.ticket(paceKey, policy);
      const wait = booked.at - this.clock.now();
      if (wait > 0) await this.clock.sleep(wait);
      return pacePermit({
        gate,
        lease: booked.lease,
        waitedMs: this.clock.now() - started,
        lapseMs: booked.lease
          ? booked.lease.expiresAt - this.clock.now()
          : (policy.leaseMs ?? DEFAULT_LEASE_MS),
        // Released in time, the lease goes to this process's next call on the key, else to be deleted.
        releaseLease: (lease, inTime) => {
          if (!(inTime && this.idle.put(paceKey, lease, policy.leaseMs ?? DEFAULT_LEASE_MS)))
            this.released.add(paceKey, lease.id);
        },
      });
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
    // Slots this process booked ahead predate the hold; another process's stash lapses within
    // its grace (slotStash.ts), so a call goes at most that long after a hold on a slot booked before it.
    this.stashes.get(paceKey)?.drop();
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

  /** This call's slot (and lease): from what this process holds when it can, else the next booking. */
  private ticket(paceKey: string, policy: PacePolicy): Promise<Ticket> {
    const stash = this.stash(paceKey, policy);
    const now = this.clock.now();
    stash.noteCall(now);
    let queue = this.bookings.get(paceKey);
    if (!queue) this.bookings.set(paceKey, (queue = { waiting: [], running: false }));
    const waiter: Waiter = { resolve: () => undefined, reject: () => undefined };
    const joined = new Promise<Ticket>((resolve, reject) => Object.assign(waiter, { resolve, reject }));
    queue.waiting.push(waiter);
    // FIFO: a caller is served from what this process holds only when nobody waits before it.
    if (queue.waiting.length === 1) this.serveLocally(paceKey, policy, queue);
    if (queue.waiting.length > 0 && !queue.running) void this.drain(paceKey, policy, queue);
    return joined;
  }

  private stash(paceKey: string, policy: PacePolicy): SlotStash {
    let stash = this.stashes.get(paceKey);
    if (!stash) this.stashes.set(paceKey, (stash = new SlotStash(graceFor(policy.limits))));
    return stash;
  }

  /** Serves waiters, in order, from idle leases and slots booked ahead; stops at the first it cannot. */
  private serveLocally(paceKey: string, policy: PacePolicy, queue: BookingQueue): void {
    const leaseMs = policy.leaseMs ?? DEFAULT_LEASE_MS;
    const stash = this.stash(paceKey, policy);
    for (const waiter of [...queue.waiting]) {
      if (policy.concurrency !== undefined && !waiter.lease) {
        const lease = this.idle.take(paceKey, leaseMs);
        if (!lease) return;
        waiter.lease = lease;
      }
      const at = policy.limits.length === 0 ? this.clock.now() : stash.take(this.clock.now());
      if (at === undefined) return;
      queue.waiting.shift();
      waiter.resolve({ at, ...(waiter.lease ? { lease: waiter.lease } : {}) });
    }
  }

  private async drain(paceKey: string, policy: PacePolicy, queue: BookingQueue): Promise<void> {
    queue.running = true;
    try {
      while (queue.waiting.length > 0) {
        this.serveLocally(paceKey, policy, queue);
        if (queue.waiting.length === 0) break;
        const group = queue.waiting.slice(0, MAX_GROUP);
        const noLease = policy.concurrency === undefined ? [] : group.filter((w) => !w.lease);
        const withLease = group.filter((w) => !noLease.includes(w));
        let leasesGranted: number;
        try {
          leasesGranted = await this.bookGroup(paceKey, policy, queue, { noLease, withLease });
        } catch (err) {
          queue.waiting = queue.waiting.filter((w) => !group.includes(w));
          for (const waiter of group) {
            if (waiter.lease) this.released.add(paceKey, waiter.lease.id);
            waiter.reject(err);
          }
          continue;
        }
        // Every lease is taken: go again at once if this process has released some meanwhile (they
        // are deleted with the next booking, or handed over), else poll briefly rather than hold a lock.
        if (
          noLease.length > 0 &&
          leasesGranted === 0 &&
          !this.released.has(paceKey) &&
          !this.idle.has(paceKey)
        )
          await this.clock.sleep(50);
      }
    } finally {
      queue.running = false;
    }
  }

  /**
   * Books the group in one round trip: a slot and a lease for each waiter holding no lease (as many
   * as the key's leases allow), a slot for each other, and the slots booked ahead for the stash.
   * Resolves the waiters served and takes them off the queue; returns how many leases came.
   */
  private async bookGroup(
    paceKey: string,
    policy: PacePolicy,
    queue: BookingQueue,
    { noLease, withLease }: { noLease: Waiter[]; withLease: Waiter[] },
  ): Promise<number> {
    const stash = this.stash(paceKey, policy);
    const now = this.clock.now();
    const extra = stash.extraWanted(now);
    const release = this.released.take(paceKey);
    let booked;
    try {
      booked = await bookPaceRound(this.db, {
        paceKey,
        policy,
        now,
        leased: noLease.length,
        slotsOnly: withLease.length + extra,
        release,
      });
    } catch (err) {
      // Not deleted: they go with the next booking or the timer.
      for (const id of release) this.released.add(paceKey, id);
      throw err;
    }
    const served = new Set<Waiter>();
    booked.leased.forEach(({ at, lease }, i) => {
      const waiter = noLease[i] as Waiter;
      served.add(waiter);
      waiter.resolve({ at, lease });
    });
    withLease.forEach((waiter, i) => {
      served.add(waiter);
      waiter.resolve({ at: booked.slotsOnly[i] as number, ...(waiter.lease ? { lease: waiter.lease } : {}) });
    });
    stash.add(booked.slotsOnly.slice(withLease.length));
    queue.waiting = queue.waiting.filter((w) => !served.has(w));
    return booked.leased.length;
  }
}

interface Ticket {
  /** When the call may go (epoch ms). */
  at: number;
  lease?: Lease;
}

interface Waiter {
  /** An idle lease this waiter already took over (it then needs a slot only). */
  lease?: Lease;
  resolve(ticket: Ticket): void;
  reject(err: unknown): void;
}

interface BookingQueue {
  waiting: Waiter[];
  running: boolean;
}

/** Most calls booked in one call of the booking function. */
const MAX_GROUP = 100;

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
