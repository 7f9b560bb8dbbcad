import fc from 'fast-check';
import type { Kysely, KyselyPlugin } from 'kysely';
import { sql } from 'kysely';
import { SharedPacer, type PacePolicy } from '../../../worker/pacing/sharedPacer';
import { MAX_PREBOOK } from '../../../worker/pacing/slotStash';
import type { Database } from '../../../worker/store/schema';
import type { Store } from '../../../worker/store/store';
import { createTestStore } from '../../support/stores';

/** 10 calls a second with a burst of 100: slots at once, an interval (and so a grace) of 100 ms. */
const roomy: PacePolicy = { limits: [{ name: 's', limit: 10, periodMs: 1_000, burst: 100 }] };

/** An injected clock: a sleep moves it on by the time asked. */
function virtualClock(start = Date.parse('2026-11-23T10:00:00Z')) {
  const clock = {
    t: start,
    now: () => clock.t,
    sleep: (ms: number) => ((clock.t += ms), Promise.resolve()),
  };
  return clock;
}

/** The store as seen through a counter of its round trips. */
function counting(db: Kysely<Database>) {
  const counter = { trips: 0, db };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    transformResult: (args) => (counter.trips++, Promise.resolve(args.result)),
  };
  counter.db = db.withPlugin(plugin);
  return counter;
}

describe('SharedPacer booking ahead and handing leases over (PGlite, injected clock)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore('pglite');
    await sql`create table lease_births (n serial)`.execute(store.db);
    await sql`create function count_lease_birth() returns trigger language plpgsql as
      $$ begin insert into lease_births default values; return new; end $$`.execute(store.db);
    await sql`create trigger lease_births after insert on api_leases
      for each row execute function count_lease_birth()`.execute(store.db);
  });
  afterAll(async () => store.close());

  /** Slots booked on the key so far: its tat runs one interval ahead of the first call per slot. */
  async function slotsBooked(key: string, first: number, intervalMs: number): Promise<number> {
    const row = await store.db
      .selectFrom('api_pacing')
      .select('tat')
      .where('pace_key', '=', key)
      .executeTakeFirstOrThrow();
    return Math.round((new Date(row.tat).getTime() - first) / intervalMs);
  }

  async function callsEvery(pacer: SharedPacer, clock: { t: number }, key: string, n: number, gapMs: number) {
    const waits: number[] = [];
    for (let i = 0; i < n; i++) {
      const permit = await pacer.acquire(key);
      waits.push(permit.waitedMs);
      await permit.release();
      clock.t += gapMs;
    }
    return waits;
  }

  it('books ahead for a busy key: following callers take the slots, far fewer round trips', async () => {
    const clock = virtualClock();
    const store$ = counting(store.db);
    const pacer = new SharedPacer(store$.db, () => roomy, clock);
    const waits = await callsEvery(pacer, clock, 'busy', 60, 20);
    expect(waits.every((w) => w === 0)).toBe(true);
    // Once warm, 16 calls in the last 500 ms expect 3 more within the 100 ms grace: 4 calls a booking.
    expect(store$.trips).toBeLessThanOrEqual(60 / 3);
  });

  it('books one slot per call for a quiet key, exactly as without booking ahead', async () => {
    const clock = virtualClock();
    const store$ = counting(store.db);
    // A 400 ms interval keeps the tat ahead of calls 300 ms apart, so it counts the slots booked.
    const slow: PacePolicy = { limits: [{ name: 's', limit: 25, periodMs: 10_000, burst: 100 }] };
    const pacer = new SharedPacer(store$.db, () => slow, clock);
    const first = clock.t;
    await callsEvery(pacer, clock, 'quiet', 10, 300);
    expect(store$.trips).toBe(10);
    expect(await slotsBooked('quiet', first, 400)).toBe(10);
  });

  it('wastes at most MAX_PREBOOK slots when demand stops, and never uses a lapsed one', async () => {
    const clock = virtualClock();
    const store$ = counting(store.db);
    const pacer = new SharedPacer(store$.db, () => roomy, clock);
    const first = clock.t;
    await callsEvery(pacer, clock, 'stops', 23, 20);
    const unused = (await slotsBooked('stops', first, 100)) - 23;
    expect(unused).toBeGreaterThan(0);
    expect(unused).toBeLessThanOrEqual(MAX_PREBOOK);
    // Past the grace the stash has lapsed: the next call books its own slot.
    clock.t += 1_000;
    const trips = store$.trips;
    await (await pacer.acquire('stops')).release();
    expect(store$.trips).toBe(trips + 1);
    expect(await slotsBooked('stops', first, 100)).toBe(23 + unused + 1);
  });

  it('drops the slots booked ahead when this process is told to hold (Retry-After)', async () => {
    const clock = virtualClock();
    const pacer = new SharedPacer(store.db, () => roomy, clock);
    const first = clock.t;
    await callsEvery(pacer, clock, 'held', 23, 20);
    expect(await slotsBooked('held', first, 100)).toBeGreaterThan(23);
    await pacer.holdUntil('held', clock.t + 500);
    const permit = await pacer.acquire('held');
    expect(permit.waitedMs).toBe(500);
    await permit.release();
  });

  it('hands a released lease to the next call: one lease for a run of calls, deleted once idle', async () => {
    const clock = virtualClock();
    const policy: PacePolicy = { ...roomy, concurrency: 5 };
    const pacer = new SharedPacer(store.db, () => policy, clock);
    const births = async () =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from lease_births`.execute(store.db)).rows[0]?.n,
      );
    const before = await births();
    await callsEvery(pacer, clock, 'xero:leases', 30, 20);
    expect((await births()) - before).toBe(1);
    // The idle lease goes after a short while (real timers), leaving the cap whole for others.
    const leases = () =>
      store.db.selectFrom('api_leases').select('lease_id').where('pace_key', '=', 'xero:leases');
    for (let tries = 0; tries < 40 && (await leases().execute()).length > 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await leases().execute()).toHaveLength(0);
  });

  it('two processes on one store never put more than rate + burst calls in any window', async () => {
    // 5 a second with a burst of 2 (rate + burst = 7 a second); a 200 ms interval, so a 200 ms grace.
    const policy: PacePolicy = {
      limits: [{ name: 's', limit: 5, periodMs: 1_000, burst: 2 }],
      concurrency: 3,
    };
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 400 })), {
          minLength: 20,
          maxLength: 40,
        }),
        async (arrivals) => {
          const key = `xero:window-${run++}`;
          const clock = virtualClock();
          const pacers = [
            new SharedPacer(store.db, () => policy, clock),
            new SharedPacer(store.db, () => policy, clock),
          ];
          const starts: number[] = [];
          for (const [which, gap] of arrivals) {
            clock.t += gap;
            const permit = await (pacers[which] as SharedPacer).acquire(key);
            starts.push(clock.t);
            await permit.release();
          }
          for (const t of starts)
            expect(starts.filter((s) => s >= t && s < t + 1_000).length).toBeLessThanOrEqual(7);
        },
      ),
      { numRuns: 25 },
    );
  });
});
