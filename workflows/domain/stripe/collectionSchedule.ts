import { addDays, daysBetween } from './calendarDates';

/**
 * The next step in collecting an overdue invoice, under the installation's schedule: reminder tasks
 * on chosen days after the due date, an owner task once the processor's failed attempts reach a
 * threshold, and an escalation on a chosen day. The collection workflow asks, takes the step it is
 * given (recording it as done), and asks again; it sleeps until the date of a `wait` or until an
 * event (payment, failed attempt, decision) arrives. Collection stops on payment, write-off or a
 * person's decision. Reminders passed while nobody could send them are not sent late in a burst:
 * only the latest one due is.
 */
/** An installation's collection schedule, validated by collectionScheduleSchema (collectionScheduleSchema.ts). */
export interface CollectionSchedule {
  /** Days after the due date (0 = on it), strictly increasing. */
  reminderDays: number[];
  /** Failed processor attempts after which the invoice's owner gets a task. */
  ownerTaskAfterFailedAttempts: number;
  /** Days after the due date. */
  escalationDay: number;
}

export type CollectionAction = 'reminder' | 'owner_task' | 'escalation';
/** Stable per invoice, so a step's task and its idempotency key are made once: `reminder:7`, `owner_task`, `escalation`. */
export type CollectionStepId = `reminder:${number}` | 'owner_task' | 'escalation';
export interface CollectionStep {
  id: CollectionStepId;
  action: CollectionAction;
  /** Days after the due date it belongs to; absent for the owner task, which follows attempts, not days. */
  day?: number;
}

export type CollectionDecision = { kind: 'stop' } | { kind: 'snooze'; until: string };

export interface CollectionState {
  /** From the invoice (see collectionInvoiceState). */
  invoice: 'open' | 'paid' | 'written_off';
  /** YYYY-MM-DD. */
  dueDate: string;
  /** From the failed-payment counter. */
  failedAttempts: number;
  /** Steps already taken. */
  done: readonly CollectionStepId[];
  /** A person's latest decision, if any: stop, or nothing until a date. */
  decision?: CollectionDecision | undefined;
  /** The installation's date today, YYYY-MM-DD, from an injected clock. */
  today: string;
}

export type CollectionNext =
  | { kind: 'stop'; reason: 'paid' | 'written_off' | 'person_decided' }
  | { kind: 'act'; step: CollectionStep }
  | { kind: 'wait'; step: CollectionStep; on: string }
  /** Nothing timed is left: wait for a payment, a failed attempt or a decision. */
  | { kind: 'idle' };

const reminder = (day: number): CollectionStep => ({ id: `reminder:${day}`, action: 'reminder', day });

export function nextCollectionStep(schedule: CollectionSchedule, state: CollectionState): CollectionNext {
  if (state.invoice === 'paid') return { kind: 'stop', reason: 'paid' };
  if (state.invoice === 'written_off') return { kind: 'stop', reason: 'written_off' };
  if (state.decision?.kind === 'stop') return { kind: 'stop', reason: 'person_decided' };

  const done = new Set(state.done);
  const daysOverdue = daysBetween(state.dueDate, state.today);
  const lastReminder = Math.max(-1, ...schedule.reminderDays.filter((day) => done.has(`reminder:${day}`)));
  const pendingReminders = schedule.reminderDays.filter((day) => day > lastReminder);

  // Every pending step with the date it falls due; the owner task is due as soon as the threshold is met.
  const pending: Array<{ step: CollectionStep; on: string }> = [];
  if (!done.has('owner_task') && state.failedAttempts >= schedule.ownerTaskAfterFailedAttempts) {
    pending.push({ step: { id: 'owner_task', action: 'owner_task' }, on: state.today });
  }
  if (!done.has('escalation')) {
    const day = schedule.escalationDay;
    pending.push({ step: { id: 'escalation', action: 'escalation', day }, on: addDays(state.dueDate, day) });
  }
  const dueReminders = pendingReminders.filter((day) => day <= daysOverdue);
  const latestDue = dueReminders[dueReminders.length - 1];
  const nextReminder = pendingReminders.find((day) => day > daysOverdue);
  if (latestDue !== undefined)
    pending.push({ step: reminder(latestDue), on: addDays(state.dueDate, latestDue) });
  else if (nextReminder !== undefined) {
    pending.push({ step: reminder(nextReminder), on: addDays(state.dueDate, nextReminder) });
  }
  if (pending.length === 0) return { kind: 'idle' };

  // A snooze moves every step to its end at the earliest.
  const snoozedUntil = state.decision?.kind === 'snooze' ? state.decision.until : undefined;
  const when = pending.map(({ step, on }) => ({
    step,
    on: snoozedUntil && snoozedUntil > on ? snoozedUntil : on,
  }));
  // Earliest first; on the same date the order in which `pending` lists them (owner, escalation, reminder).
  const first = when.reduce((best, candidate) => (candidate.on < best.on ? candidate : best));
  return first.on <= state.today
    ? { kind: 'act', step: first.step }
    : { kind: 'wait', step: first.step, on: first.on };
}

/**
 * An invoice's standing for collection, from Xero's fields: fully credited or voided is written off;
 * nothing due is paid; approved with something due is open.
 */
export function collectionInvoiceState(invoice: {
  status: string;
  total: number;
  amountDue: number;
  amountCredited: number;
}): 'open' | 'paid' | 'written_off' {
  if (invoice.status === 'VOIDED' || invoice.status === 'DELETED') return 'written_off';
  if (invoice.amountDue <= 0) return invoice.amountCredited >= invoice.total ? 'written_off' : 'paid';
  return 'open';
}
