import { reserveAll } from '../../../worker/pacing/gcra';
import { SharedPacer, type PacePolicy } from '../../../worker/pacing/sharedPacer';
import { openStore, type Store } from '../../../worker/store/store';
import { createTestDatabase, createTestStore } from '../../support/stores';

const fast: PacePolicy = { limits: [{ name: 'second', limit: 20, periodMs: 1_000, burst: 1 }] };

async function timedCalls(
  pacers: SharedPacer[],
  key: string,
  n: number,
  holdMs = 0,
): Promise<{ starts: number[]; maxInFlight: number }> {
  const starts: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const permit = await (pacers[i % pacers.length] as SharedPacer).acquire(key);
      starts.push(Date.now());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      inFlight--;
      await permit.release();
    }),
  );
  return { starts: starts.sort((a, b) => a - b), maxInFlight };
}

describe('SharedPacer on PostgreSQL, two processes sharing one database', () => {
  let a: Store;
  let b: Store;

  beforeAll(async () => {
    const url = await createTestDatabase();
    a = await openStore({ kind: 'postgres', url });
    b = await openStore({ kind: 'postgres', url });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('paces both processes together: the k-th of 20 calls at 20/s starts no sooner than k × 50 ms', async () => {
    const pacers = [new SharedPacer(a.db, () => fast), new SharedPacer(b.db, () => fast)];
    const t0 = Date.now();
    const { starts } = await timedCalls(pacers, 'xero:tenant-pace', 20);
    // Slot k is at least k × 50 ms after the first booking (itself after t0). A timer may fire
    // late (fewer calls in a window, never more) or a millisecond or two early.
    const early = starts.map((t, k) => t - t0 - k * 50);
    expect(Math.min(...early)).toBeGreaterThanOrEqual(-5);
    expect(starts[starts.length - 1]! - starts[0]!).toBeLessThan(2_000);
  });

  it('holds calls in flight to the concurrency cap across processes', async () => {
    const policy: PacePolicy = {
      limits: [{ name: 'second', limit: 1_000, periodMs: 1_000, burst: 1_000 }],
      concurrency: 5,
    };
    const pacers = [new SharedPacer(a.db, () => policy), new SharedPacer(b.db, () => policy)];
    const { maxInFlight, starts } = await timedCalls(pacers, 'xero:tenant-conc', 15, 100);
    expect(starts).toHaveLength(15);
    expect(maxInFlight).toBe(5);
  });

  it('honours a Retry-After for everyone on the key', async () => {
    const pacer = new SharedPacer(a.db, () => fast);
    const until = Date.now() + 600;
    await new SharedPacer(b.db, () => fast).holdUntil('hubspot:portal-1', until);
    const permit = await pacer.acquire('hubspot:portal-1');
    expect(Date.now()).toBeGreaterThanOrEqual(until - 5);
    await permit.release();
  });
});

describe('SharedPacer on PGlite', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createTestStore('pglite');
  });
  afterAll(async () => store.close());

  it('paces and keeps keys independent', async () => {
    const pacer = new SharedPacer(store.db, () => fast);
    // Warm up (PGlite plans the booking function on first use), so the first timed start is not late.
    await (await pacer.acquire('warm-up')).release();
    const [one, other] = await Promise.all([timedCalls([pacer], 'k1', 10), timedCalls([pacer], 'k2', 10)]);
    for (const { starts } of [one, other]) {
      expect(starts[starts.length - 1]! - starts[0]!).toBeGreaterThanOrEqual(400);
      expect(starts[starts.length - 1]! - starts[0]!).toBeLessThan(1_500);
    }
  });

  it('lets the lease of a dead process expire', async () => {
    const policy: PacePolicy = {
      limits: [{ name: 's', limit: 100, periodMs: 1_000, burst: 100 }],
      concurrency: 1,
      leaseMs: 300,
    };
    const pacer = new SharedPacer(store.db, () => policy);
    // Timed from before the first booking, so a slow machine between the two calls cannot shorten it.
    const started = Date.now();
    await pacer.acquire('dead'); // never released
    const next = await pacer.acquire('dead');
    expect(Date.now() - started).toBeGreaterThanOrEqual(299);
    await next.release();
  });

  it('books in the store exactly the slots the GCRA model gives, however calls are grouped', async () => {
    // Two limits that both bite (a burst of 10 then 9 a second; 20 at once then one per 43.2 s) and
    // fractional intervals: the store's booking function must agree with gcra.ts call for call.
    const policy: PacePolicy = {
      limits: [
        { name: '10s', limit: 90, periodMs: 10_000, burst: 10 },
        { name: 'day', limit: 2_000, periodMs: 86_400_000, burst: 20 },
      ],
    };
    const now = Date.parse('2026-11-23T10:00:00Z');
    const waits: number[] = [];
    const clock = { now: () => now, sleep: (ms: number) => (waits.push(ms), Promise.resolve()) };
    const pacer = new SharedPacer(store.db, () => policy, clock);
    // One alone, then 29 at once (booked in groups while the first booking is under way).
    await pacer.acquire('model');
    await Promise.all(Array.from({ length: 29 }, () => pacer.acquire('model')));

    let tats: Record<string, number> = {};
    const expected: number[] = [];
    for (let i = 0; i < 30; i++) {
      const booking = reserveAll(policy.limits, tats, now);
      tats = booking.tats;
      if (booking.at > now) expected.push(booking.at - now);
    }
    expect(expected.length).toBeGreaterThan(15);
    expect(waits.sort((a, b) => a - b)).toEqual(expected);
  });

  it('records the budget the vendor reports, the latest of a busy second at its end', async () => {
    const pacer = new SharedPacer(store.db, () => fast);
    const stored = () =>
      store.db
        .selectFrom('api_budget')
        .selectAll()
        .where('pace_key', '=', 'xero:t')
        .executeTakeFirstOrThrow();
    await pacer.recordBudget('xero:t', { dailyRemaining: 4_990, minuteRemaining: 58 });
    expect(await stored()).toMatchObject({ daily_remaining: 4_990, minute_remaining: 58 });
    await pacer.recordBudget('xero:t', { dailyRemaining: 4_989, minuteRemaining: 57 });
    await pacer.recordBudget('xero:t', { dailyRemaining: 4_988, minuteRemaining: 56 });
    // Within the second: not yet written (one write a second per key, whatever the call rate).
    expect(await stored()).toMatchObject({ daily_remaining: 4_990 });
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await stored()).toMatchObject({ daily_remaining: 4_988, minute_remaining: 56 });
  });
});
