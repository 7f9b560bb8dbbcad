import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema';
import { reserveAll, type PaceLimit } from './gcra';

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
 * and books its GCRA slot in one short transaction under an advisory lock on the key, then sleeps
 * until the slot. A 429 with Retry-After pushes the key's slots past it for everyone.
 */
export class SharedPacer {
  /** Callers of this process queue here (FIFO) for a lease rather than polling the store together. */
  private readonly local = new Map<string, LocalGate>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly policyFor: (paceKey: string) => PacePolicy,
    private readonly clock: { now(): number; sleep(ms: number): Promise<void> } = realClock,
  ) {}

  async acquire(paceKey: string): Promise<Permit> {
    const policy = this.policyFor(paceKey);
    const started = this.clock.now();
    const gate = this.localGate(paceKey, policy);
    await gate?.enter();
    try {
      for (;;) {
        const booked = await this.tryBook(paceKey, policy);
        if (booked) {
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
              try {
                if (leaseId) await this.db.deleteFrom('api_leases').where('lease_id', '=', leaseId).execute();
              } finally {
                leaveGate();
              }
            },
          };
        }
        // Every lease is taken (by other processes): poll briefly rather than hold a lock meanwhile.
        await this.clock.sleep(50);
      }
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

  async recordBudget(
    paceKey: string,
    budget: { dailyRemaining?: number; minuteRemaining?: number },
  ): Promise<void> {
    const values = {
      pace_key: paceKey,
      daily_remaining: budget.dailyRemaining ?? null,
      minute_remaining: budget.minuteRemaining ?? null,
      observed_at: new Date(this.clock.now()),
    };
    await this.db
      .insertInto('api_budget')
      .values(values)
      .onConflict((oc) => oc.column('pace_key').doUpdateSet(values))
      .execute();
  }

  private async tryBook(
    paceKey: string,
    policy: PacePolicy,
  ): Promise<{ at: number; leaseId?: string } | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${`pace:${paceKey}`}))`.execute(trx);
      const now = this.clock.now();
      let leaseId: string | undefined;
      if (policy.concurrency !== undefined) {
        await trx
          .deleteFrom('api_leases')
          .where('pace_key', '=', paceKey)
          .where('expires_at', '<=', new Date(now))
          .execute();
        const held = await trx
          .selectFrom('api_leases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('pace_key', '=', paceKey)
          .executeTakeFirstOrThrow();
        if (Number(held.n) >= policy.concurrency) return undefined;
        const lease = await trx
          .insertInto('api_leases')
          .values({ pace_key: paceKey, expires_at: new Date(now + (policy.leaseMs ?? DEFAULT_LEASE_MS)) })
          .returning('lease_id')
          .executeTakeFirstOrThrow();
        leaseId = lease.lease_id;
      }
      const rows = await trx
        .selectFrom('api_pacing')
        .select(['limit_name', 'tat'])
        .where('pace_key', '=', paceKey)
        .execute();
      const tats = Object.fromEntries(rows.map((r) => [r.limit_name, r.tat.getTime()]));
      const booking = reserveAll(policy.limits, tats, now);
      for (const limit of policy.limits) {
        const tat = new Date(booking.tats[limit.name] ?? now);
        await trx
          .insertInto('api_pacing')
          .values({ pace_key: paceKey, limit_name: limit.name, tat })
          .onConflict((oc) => oc.columns(['pace_key', 'limit_name']).doUpdateSet({ tat }))
          .execute();
      }
      return { at: booking.at, ...(leaseId ? { leaseId } : {}) };
    });
  }
}

/** A FIFO semaphore: at most `size` holders in this process; the rest wait their turn in memory. */
class LocalGate {
  private holders = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  enter(): Promise<void> {
    if (this.holders < this.size) {
      this.holders++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Hands the slot straight to the next waiter, or frees it. */
  leave(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.holders--;
  }
}

const DEFAULT_LEASE_MS = 120_000;

const realClock = {
  now: () => Date.now(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};
