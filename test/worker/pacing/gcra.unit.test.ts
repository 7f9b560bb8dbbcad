import { reserve, reserveAll, type PaceLimit } from '../../../worker/pacing/gcra';

const perMinute = (limit: number, burst = 1): PaceLimit => ({
  name: 'minute',
  limit,
  periodMs: 60_000,
  burst,
});

/** Books `n` calls arriving all at `now` and returns their start times. */
function book(limit: PaceLimit, n: number, now = 0): number[] {
  let tat: number | undefined;
  const starts: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = reserve(limit, tat, now);
    tat = r.tat;
    starts.push(r.at);
  }
  return starts;
}

describe('GCRA pacing', () => {
  it('spaces calls evenly with burst 1: 60/minute is one a second', () => {
    expect(book(perMinute(60), 4)).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it('lets a burst through at once, then paces', () => {
    expect(book(perMinute(60, 3), 5)).toEqual([0, 0, 0, 1_000, 2_000]);
  });

  it('never allows more than the limit in any window', () => {
    const starts = book(perMinute(60, 5), 500);
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((t) => t >= (starts[i] ?? 0) && t < (starts[i] ?? 0) + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(60 + 5);
    }
    expect(starts[starts.length - 1]).toBeGreaterThanOrEqual(495_000 - 5_000);
  });

  it('forgets idle time: after a pause the burst is available again', () => {
    const limit = perMinute(60, 2);
    const first = reserve(limit, undefined, 0);
    const later = reserve(limit, first.tat, 100_000);
    expect(later.at).toBe(100_000);
  });

  it('books several limits at the start the strictest one allows', () => {
    const minute = perMinute(60);
    const day: PaceLimit = { name: 'day', limit: 5_000, periodMs: 86_400_000, burst: 5_000 };
    const first = reserveAll([minute, day], {}, 0);
    const second = reserveAll([minute, day], first.tats, 0);
    expect([first.at, second.at]).toEqual([0, 1_000]);
    expect(second.tats.day).toBeGreaterThan(first.tats.day ?? 0);
  });
});
