import { DEFAULT_DRAIN_TIMING, waitAfter } from '../../../workflows/auditSheet/drainPacing';

describe('audit sheet drain pacing', () => {
  const timing = DEFAULT_DRAIN_TIMING;

  it('paces sends under the per-minute write quota', () => {
    expect(waitAfter({ kind: 'sent' }, 0, timing, 0.5)).toBe(1_200);
    expect((60_000 / waitAfter({ kind: 'sent' }, 0, timing, 0)) | 0).toBeLessThanOrEqual(60);
  });

  it('waits what Retry-After says on a 429, never less than the pace', () => {
    expect(waitAfter({ kind: 'throttled', retryAfterMs: 7_000 }, 1, timing, 0)).toBe(7_000);
    expect(waitAfter({ kind: 'throttled', retryAfterMs: 0 }, 1, timing, 0)).toBe(1_200);
  });

  it('backs off exponentially with jitter without Retry-After, capped at 64 seconds', () => {
    const waits = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      waitAfter({ kind: 'throttled', retryAfterMs: null }, n, timing, 0),
    );
    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 64_000, 64_000]);
    expect(waitAfter({ kind: 'unknown' }, 1, timing, 0.999)).toBe(3_998);
  });

  it('looks again later when idle, disabled or refused', () => {
    expect(waitAfter({ kind: 'idle' }, 0, timing, 0)).toBe(15_000);
    expect(waitAfter({ kind: 'refused' }, 0, timing, 0)).toBe(15 * 60_000);
  });
});
