/**
 * Watches the machine's wall clock against the monotonic one during a run. A clock set forward or
 * back (by hand, or a test of dates "a year ahead" on the same machine) strands Temporal's timers
 * and the vendors' token expiries, so a run it happened in says so instead of blaming the worker.
 */
export function watchClock(everyMs = 1_000, toleranceMs = 5_000): { stop(): number[] } {
  const jumpsMs: number[] = [];
  let wall = Date.now();
  let mono = performance.now();
  const timer = setInterval(() => {
    const [w, m] = [Date.now(), performance.now()];
    const drift = w - wall - (m - mono);
    if (Math.abs(drift) > toleranceMs) jumpsMs.push(Math.round(drift));
    [wall, mono] = [w, m];
  }, everyMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      return jumpsMs;
    },
  };
}
