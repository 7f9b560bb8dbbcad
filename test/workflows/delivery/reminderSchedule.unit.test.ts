import fc from 'fast-check';
import { addDays } from '../../../workflows/domain/stripe/calendarDates';
import {
  deliveryInvoiceState,
  nextReminder,
  STALE_AFTER_DAYS,
  type ReminderState,
  type ReminderStepId,
} from '../../../workflows/domain/delivery/reminderSchedule';

const DUE = '2031-05-20';
const DAYS = [-3, 0, 7, 14];
const on = (relative: number, sent: ReminderStepId[] = [], more: Partial<ReminderState> = {}) =>
  nextReminder(DAYS, { invoice: 'open', dueDate: DUE, sent, today: addDays(DUE, relative), ...more });

describe('nextReminder', () => {
  it('waits for the first reminder, three days before the due date', () => {
    expect(on(-10)).toEqual({ kind: 'wait', step: 'reminder:-3', day: -3, on: '2031-05-17' });
  });

  it('sends each reminder on its day, then waits for the next', () => {
    expect(on(-3)).toEqual({ kind: 'send', step: 'reminder:-3', day: -3 });
    expect(on(-3, ['reminder:-3'])).toEqual({ kind: 'wait', step: 'reminder:0', day: 0, on: DUE });
    expect(on(0, ['reminder:-3'])).toEqual({ kind: 'send', step: 'reminder:0', day: 0 });
    expect(on(8, ['reminder:-3', 'reminder:0'])).toEqual({ kind: 'send', step: 'reminder:7', day: 7 });
  });

  it('sends only the latest reminder due after an absence, and none gone stale', () => {
    expect(on(8)).toEqual({ kind: 'send', step: 'reminder:7', day: 7 });
    expect(on(7 + STALE_AFTER_DAYS)).toEqual({
      kind: 'wait',
      step: 'reminder:14',
      day: 14,
      on: '2031-06-03',
    });
  });

  it('stops once the schedule is done', () => {
    expect(on(30, ['reminder:14'])).toEqual({ kind: 'stop', reason: 'schedule_done' });
    expect(nextReminder([], { invoice: 'open', dueDate: DUE, sent: [], today: DUE })).toEqual({
      kind: 'stop',
      reason: 'schedule_done',
    });
  });

  it('never reminds a paid, credited or voided invoice, nor one a person stopped', () => {
    expect(on(0, [], { invoice: 'paid' })).toEqual({ kind: 'stop', reason: 'paid' });
    expect(on(0, [], { invoice: 'credited' })).toEqual({ kind: 'stop', reason: 'credited' });
    expect(on(0, [], { invoice: 'voided' })).toEqual({ kind: 'stop', reason: 'voided' });
    expect(on(0, [], { stopped: true })).toEqual({ kind: 'stop', reason: 'person_decided' });
  });

  it('over any schedule and any days, sends each reminder at most once, in order, and none when not open', () => {
    const schedule = fc
      .uniqueArray(fc.integer({ min: -60, max: 365 }), { maxLength: 8 })
      .map((days) => [...days].sort((a, b) => a - b));
    fc.assert(
      fc.property(schedule, fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }), (days, gaps) => {
        const sent: ReminderStepId[] = [];
        let relative = -70;
        for (const gap of gaps) {
          relative += gap;
          const next = nextReminder(days, {
            invoice: 'open',
            dueDate: DUE,
            sent,
            today: addDays(DUE, relative),
          });
          if (next.kind === 'send') {
            expect(sent).not.toContain(next.step);
            expect(next.day).toBeLessThanOrEqual(relative);
            const last = sent[sent.length - 1];
            if (last) expect(next.day).toBeGreaterThan(Number(last.split(':')[1]));
            sent.push(next.step);
          }
          if (next.kind === 'wait') expect(next.on > addDays(DUE, relative)).toBe(true);
        }
        for (const invoice of ['paid', 'credited', 'voided'] as const)
          expect(
            nextReminder(days, { invoice, dueDate: DUE, sent, today: addDays(DUE, relative) }).kind,
          ).toBe('stop');
      }),
    );
  });
});

describe('deliveryInvoiceState', () => {
  it('reads Xero’s fields', () => {
    const invoice = { status: 'AUTHORISED', total: 100, amountDue: 100, amountCredited: 0 };
    expect(deliveryInvoiceState(invoice)).toBe('open');
    expect(deliveryInvoiceState({ ...invoice, status: 'PAID', amountDue: 0 })).toBe('paid');
    expect(deliveryInvoiceState({ ...invoice, amountDue: 0, amountCredited: 100 })).toBe('credited');
    expect(deliveryInvoiceState({ ...invoice, status: 'VOIDED' })).toBe('voided');
  });
});
