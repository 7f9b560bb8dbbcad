import fc from 'fast-check';
import {
  failedAttemptCount,
  nextRetryAt,
  noFailedAttempts,
  recordFailedAttempt,
  retriesRemaining,
  type FailedAttemptEvent,
} from '../../../../workflows/domain/stripe/failedAttempts';

const T0 = 1_780_000_000;
const DAY = 86_400;
/** invoice.payment_failed for the nth automatic attempt. */
const invoiceFailure = (n: number, fields: Partial<FailedAttemptEvent> = {}): FailedAttemptEvent => ({
  id: `evt_inv_${n}`,
  created: T0 + n * DAY,
  attempt_count: n,
  next_payment_attempt: n < 4 ? T0 + (n + 2) * DAY : null,
  ...fields,
});
const fold = (events: FailedAttemptEvent[]) => events.reduce(recordFailedAttempt, noFailedAttempts);

describe('failed-attempt counter', () => {
  it('counts each attempt once however often Stripe delivers it', () => {
    const state = fold([invoiceFailure(1), invoiceFailure(1), invoiceFailure(2), invoiceFailure(1)]);
    expect(failedAttemptCount(state)).toBe(2);
  });

  it('takes the next retry from the newest attempt even when an older event arrives last', () => {
    const state = fold([invoiceFailure(2), invoiceFailure(1)]);
    expect(nextRetryAt(state)).toBe(T0 + 4 * DAY);
  });

  it('counts an attempt whose event never arrived, from attempt_count', () => {
    expect(failedAttemptCount(fold([invoiceFailure(3)]))).toBe(3);
  });

  it('counts a manual retry, which Stripe does not add to attempt_count', () => {
    const manual = invoiceFailure(1, { id: 'evt_manual', created: T0 + DAY + 60 });
    expect(failedAttemptCount(fold([invoiceFailure(1), manual]))).toBe(2);
  });

  it('counts PaymentIntent failures by event ID, and they leave the retry schedule alone', () => {
    const state = fold([
      { id: 'evt_pi_1', created: T0 },
      { id: 'evt_pi_2', created: T0 + 10 },
      { id: 'evt_pi_1', created: T0 },
    ]);
    expect(failedAttemptCount(state)).toBe(2);
    expect(nextRetryAt(state)).toBeNull();
  });

  it('reports retries left under the installation’s setting, none once Stripe stops retrying', () => {
    expect(retriesRemaining(fold([invoiceFailure(1)]), 4)).toBe(3);
    expect(retriesRemaining(fold([invoiceFailure(1), invoiceFailure(2)]), 4)).toBe(2);
    expect(retriesRemaining(fold([invoiceFailure(4)]), 8)).toBe(0);
    expect(retriesRemaining(noFailedAttempts, 4)).toBe(4);
  });

  it('property: any order and any duplicates give the same state as each event once, in order', () => {
    const eventsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 8 }), { minLength: 1 })
      .map((ns) => ns.sort((a, b) => a - b).map((n) => invoiceFailure(n)));
    const deliveriesArb = eventsArb.chain((events) =>
      fc
        .array(fc.constantFrom(...events), { maxLength: 20 })
        .chain((extra) =>
          fc.shuffledSubarray([...events, ...extra], { minLength: events.length + extra.length }),
        )
        .map((delivered) => ({ events, delivered })),
    );
    fc.assert(
      fc.property(deliveriesArb, ({ events, delivered }) => {
        const once = fold(events);
        const noisy = fold(delivered);
        expect(noisy).toEqual(once);
        expect(failedAttemptCount(noisy)).toBe(
          Math.max(events.length, ...events.map((e) => e.attempt_count ?? 0)),
        );
      }),
    );
  });
});
