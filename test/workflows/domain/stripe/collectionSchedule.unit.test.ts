import fc from 'fast-check';
import { addDays } from '../../../../workflows/domain/stripe/calendarDates';
import {
  collectionInvoiceState,
  nextCollectionStep,
  type CollectionSchedule,
  type CollectionState,
  type CollectionStepId,
} from '../../../../workflows/domain/stripe/collectionSchedule';
import { collectionScheduleSchema } from '../../../../workflows/domain/stripe/collectionScheduleSchema';

const schedule: CollectionSchedule = {
  reminderDays: [1, 7, 14],
  ownerTaskAfterFailedAttempts: 3,
  escalationDay: 30,
};
const DUE = '2026-03-31';
const state = (fields: Partial<CollectionState> = {}): CollectionState => ({
  invoice: 'open',
  dueDate: DUE,
  failedAttempts: 0,
  done: [],
  today: DUE,
  ...fields,
});

describe('collectionScheduleSchema', () => {
  it('parses into the schedule the collection rules take', () => {
    // A compile-time check as much as a run-time one: the schema's output is a CollectionSchedule.
    const parsed: CollectionSchedule = collectionScheduleSchema.parse(schedule);
    expect(parsed).toEqual(schedule);
  });

  it('accepts a schedule and names the field it refuses', () => {
    expect(collectionScheduleSchema.parse(schedule)).toEqual(schedule);
    const unordered = collectionScheduleSchema.safeParse({ ...schedule, reminderDays: [7, 1] });
    expect(unordered.success).toBe(false);
    expect(unordered.error?.issues[0]?.path).toEqual(['reminderDays']);
    const zero = collectionScheduleSchema.safeParse({ ...schedule, ownerTaskAfterFailedAttempts: 0 });
    expect(zero.error?.issues[0]?.path).toEqual(['ownerTaskAfterFailedAttempts']);
  });
});

describe('nextCollectionStep', () => {
  it('waits for the first reminder on its day, then takes it', () => {
    expect(nextCollectionStep(schedule, state())).toEqual({
      kind: 'wait',
      step: { id: 'reminder:1', action: 'reminder', day: 1 },
      on: '2026-04-01',
    });
    expect(nextCollectionStep(schedule, state({ today: '2026-04-01' }))).toEqual({
      kind: 'act',
      step: { id: 'reminder:1', action: 'reminder', day: 1 },
    });
    expect(nextCollectionStep(schedule, state({ today: '2026-04-01', done: ['reminder:1'] }))).toMatchObject({
      kind: 'wait',
      step: { id: 'reminder:7' },
      on: '2026-04-07',
    });
  });

  it('sends only the latest of the reminders it missed', () => {
    expect(nextCollectionStep(schedule, state({ today: '2026-04-15' }))).toEqual({
      kind: 'act',
      step: { id: 'reminder:14', action: 'reminder', day: 14 },
    });
    expect(nextCollectionStep(schedule, state({ today: '2026-04-15', done: ['reminder:14'] }))).toMatchObject(
      {
        kind: 'wait',
        step: { id: 'escalation' },
        on: '2026-04-30',
      },
    );
  });

  it('gives the owner a task once the failed attempts reach the threshold, once', () => {
    const today = '2026-04-03';
    expect(
      nextCollectionStep(schedule, state({ today, done: ['reminder:1'], failedAttempts: 2 })),
    ).toMatchObject({
      kind: 'wait',
    });
    expect(nextCollectionStep(schedule, state({ today, done: ['reminder:1'], failedAttempts: 3 }))).toEqual({
      kind: 'act',
      step: { id: 'owner_task', action: 'owner_task' },
    });
    expect(
      nextCollectionStep(schedule, state({ today, done: ['reminder:1', 'owner_task'], failedAttempts: 5 })),
    ).toMatchObject({ kind: 'wait', step: { id: 'reminder:7' } });
  });

  it('escalates on its day and then has nothing timed left', () => {
    const done: CollectionStepId[] = ['reminder:14'];
    expect(nextCollectionStep(schedule, state({ today: '2026-04-30', done }))).toMatchObject({
      kind: 'act',
      step: { id: 'escalation', day: 30 },
    });
    expect(
      nextCollectionStep(schedule, state({ today: '2026-04-30', done: [...done, 'escalation'] })),
    ).toEqual({
      kind: 'idle',
    });
  });

  it('stops on payment, write-off or a person’s decision, whatever else is due', () => {
    const overdue = { today: '2026-06-01', failedAttempts: 9 };
    expect(nextCollectionStep(schedule, state({ ...overdue, invoice: 'paid' }))).toEqual({
      kind: 'stop',
      reason: 'paid',
    });
    expect(nextCollectionStep(schedule, state({ ...overdue, invoice: 'written_off' }))).toEqual({
      kind: 'stop',
      reason: 'written_off',
    });
    expect(nextCollectionStep(schedule, state({ ...overdue, decision: { kind: 'stop' } }))).toEqual({
      kind: 'stop',
      reason: 'person_decided',
    });
  });

  it('holds every step until a snooze ends', () => {
    expect(
      nextCollectionStep(
        schedule,
        state({ today: '2026-04-08', failedAttempts: 3, decision: { kind: 'snooze', until: '2026-04-10' } }),
      ),
    ).toEqual({ kind: 'wait', step: { id: 'owner_task', action: 'owner_task' }, on: '2026-04-10' });
    expect(
      nextCollectionStep(
        schedule,
        state({ today: '2026-04-10', failedAttempts: 3, decision: { kind: 'snooze', until: '2026-04-10' } }),
      ),
    ).toMatchObject({ kind: 'act', step: { id: 'owner_task' } });
  });

  it('property: a workflow following it takes each step once, never early, and nothing after payment', () => {
    const scheduleArb = fc.record({
      reminderDays: fc
        .uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 5 })
        .map((d) => d.sort((a, b) => a - b)),
      ownerTaskAfterFailedAttempts: fc.integer({ min: 1, max: 5 }),
      escalationDay: fc.integer({ min: 0, max: 45 }),
    });
    const storyArb = fc.record({
      /** Day (after the due date) of each failed attempt. */
      failures: fc.array(fc.integer({ min: -5, max: 60 }), { maxLength: 8 }),
      paidOn: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
      /** Days the workflow was not running (a worker outage): it asks again when it is back. */
      asleep: fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 20 }),
    });
    fc.assert(
      fc.property(scheduleArb, storyArb, (s, story) => {
        const done: CollectionStepId[] = [];
        const takenOn = new Map<CollectionStepId, number>();
        let stopped = false;
        for (let day = 0; day <= 60 && !stopped; day++) {
          if (story.asleep.includes(day)) continue;
          const failedAttempts = story.failures.filter((f) => f <= day).length;
          const paid = story.paidOn !== undefined && story.paidOn <= day;
          // Ask until the answer is not an action: several steps can fall on one day.
          for (let guard = 0; guard < 10; guard++) {
            const today = addDays(DUE, day);
            const next = nextCollectionStep(s, {
              invoice: paid ? 'paid' : 'open',
              dueDate: DUE,
              failedAttempts,
              done,
              today,
            });
            if (paid) expect(next).toEqual({ kind: 'stop', reason: 'paid' });
            if (next.kind === 'stop') {
              stopped = true;
              break;
            }
            if (next.kind === 'wait') expect(next.on > today).toBe(true);
            if (next.kind !== 'act') break;
            expect(done).not.toContain(next.step.id);
            if (next.step.day !== undefined) expect(next.step.day).toBeLessThanOrEqual(day);
            if (next.step.action === 'owner_task')
              expect(failedAttempts).toBeGreaterThanOrEqual(s.ownerTaskAfterFailedAttempts);
            done.push(next.step.id);
            takenOn.set(next.step.id, day);
          }
        }
        const threshold = [...story.failures].sort((a, b) => a - b)[s.ownerTaskAfterFailedAttempts - 1];
        const lastDay = story.paidOn === undefined ? 60 : story.paidOn - 1;
        // The owner task happens iff the threshold was crossed while unpaid, on the first day the workflow was awake.
        const awakeAfter = (from: number) => {
          for (let d = Math.max(0, from); d <= lastDay; d++) if (!story.asleep.includes(d)) return d;
          return undefined;
        };
        expect(takenOn.get('owner_task')).toBe(threshold === undefined ? undefined : awakeAfter(threshold));
        expect(takenOn.get('escalation')).toBe(awakeAfter(s.escalationDay));
      }),
    );
  });
});

describe('collectionInvoiceState', () => {
  it('reads paid, written off and open from Xero’s fields', () => {
    expect(
      collectionInvoiceState({ status: 'AUTHORISED', total: 100, amountDue: 40, amountCredited: 0 }),
    ).toBe('open');
    expect(collectionInvoiceState({ status: 'PAID', total: 100, amountDue: 0, amountCredited: 0 })).toBe(
      'paid',
    );
    expect(collectionInvoiceState({ status: 'PAID', total: 100, amountDue: 0, amountCredited: 100 })).toBe(
      'written_off',
    );
    expect(collectionInvoiceState({ status: 'VOIDED', total: 100, amountDue: 100, amountCredited: 0 })).toBe(
      'written_off',
    );
  });
});
