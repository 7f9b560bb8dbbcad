import { addDays, daysBetween } from '../stripe/calendarDates';

/**
 * The next customer reminder of one delivered invoice (issue #23), under the installation's
 * `delivery.reminderDays` (days relative to the due date, negative before it). The delivery workflow
 * asks, sends the reminder it is given (recording it), and asks again; it sleeps until the date of a
 * `wait` or until the invoice changes. Reminders stop on payment, credit or void, or a person's
 * decision, and are never sent after payment. Reminders passed while nobody could send them (the
 * worker away, the invoice delivered late) are not sent in a burst: only the latest one due is, and
 * not at all when it is more than `staleAfterDays` old.
 */
export type ReminderStepId = `reminder:${number}`;

export interface ReminderState {
  /** From the invoice (see deliveryInvoiceState). */
  invoice: 'open' | 'paid' | 'credited' | 'voided';
  /** YYYY-MM-DD. */
  dueDate: string;
  /** Reminders already sent. */
  sent: readonly ReminderStepId[];
  /** A person's decision to stop reminding this invoice. */
  stopped?: boolean;
  /** The installation's date today, YYYY-MM-DD, from an injected clock. */
  today: string;
}

export type ReminderNext =
  | { kind: 'stop'; reason: 'paid' | 'credited' | 'voided' | 'person_decided' | 'schedule_done' }
  | { kind: 'send'; step: ReminderStepId; day: number }
  | { kind: 'wait'; step: ReminderStepId; day: number; on: string };

/** A reminder due this many days ago or more is skipped rather than sent late. */
export const STALE_AFTER_DAYS = 3;

export function nextReminder(reminderDays: readonly number[], state: ReminderState): ReminderNext {
  if (state.invoice !== 'open') return { kind: 'stop', reason: state.invoice };
  if (state.stopped) return { kind: 'stop', reason: 'person_decided' };
  const sent = new Set(state.sent);
  const relative = daysBetween(state.dueDate, state.today);
  const lastSent = Math.max(-Infinity, ...reminderDays.filter((day) => sent.has(`reminder:${day}`)));
  const pending = reminderDays.filter((day) => day > lastSent);
  const due = pending.filter((day) => day <= relative);
  const latestDue = due[due.length - 1];
  if (latestDue !== undefined && relative - latestDue < STALE_AFTER_DAYS)
    return { kind: 'send', step: `reminder:${latestDue}`, day: latestDue };
  const upcoming = pending.find((day) => day > relative);
  if (upcoming === undefined) return { kind: 'stop', reason: 'schedule_done' };
  return { kind: 'wait', step: `reminder:${upcoming}`, day: upcoming, on: addDays(state.dueDate, upcoming) };
}

/**
 * An invoice's standing for reminders, from Xero's fields: voided or deleted is voided; nothing due
 * and fully credited is credited; nothing due otherwise is paid; approved with something due is open.
 */
export function deliveryInvoiceState(invoice: {
  status: string;
  total: number;
  amountDue: number;
  amountCredited: number;
}): ReminderState['invoice'] {
  if (invoice.status === 'VOIDED' || invoice.status === 'DELETED') return 'voided';
  if (invoice.amountDue <= 0) return invoice.amountCredited >= invoice.total ? 'credited' : 'paid';
  return 'open';
}
