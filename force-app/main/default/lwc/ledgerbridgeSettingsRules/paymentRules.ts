import { type Checker } from './settingsChecker';

export const STRICTLY_INCREASING = 'must be strictly increasing';
export const TIME_ZONE_MESSAGE = 'must be an IANA time zone such as Europe/London';

/** The schema's defaults (workflows/domain/stripe/paymentSettings.ts), shown when nothing is saved. */
export const DEFAULT_PAYMENTS = {
  recordInXero: false,
  collection: { reminderDays: [1, 7, 14], ownerTaskAfterFailedAttempts: 3, escalationDay: 30 },
  renewalLeadDays: 60 as number | null,
  timeZone: 'UTC',
};

/** A whole number within [min, max]: a wrong type aborts, a value out of range does not. */
function wholeNumber(c: Checker, value: unknown, path: string, min: number, max: number): number | undefined {
  const n = c.number(value, path, true);
  if (n !== undefined && n < min) c.check(path, `must be at least ${min}`);
  if (n !== undefined && n > max) c.check(path, `must be at most ${max}`);
  return n;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The collection schedule: every part required once the group is given; days strictly increasing. */
function checkCollection(c: Checker, value: unknown): void {
  if (value === undefined) return;
  const schedule = c.object(value, 'payments.collection');
  if (!schedule) return;
  const before = c.issues.length;
  const days = schedule.reminderDays;
  if (!Array.isArray(days)) c.typeError('payments.collection.reminderDays', 'must be a list of days');
  else {
    days.forEach((day, i) => wholeNumber(c, day, `payments.collection.reminderDays.${i}`, 0, 365));
    if (days.length > 20) c.check('payments.collection.reminderDays', 'must have at most 20 days');
  }
  wholeNumber(
    c,
    schedule.ownerTaskAfterFailedAttempts,
    'payments.collection.ownerTaskAfterFailedAttempts',
    1,
    50,
  );
  wholeNumber(c, schedule.escalationDay, 'payments.collection.escalationDay', 0, 730);
  // As zod's refinement: skipped when a value in the schedule had the wrong type.
  const typeErrorHere = c.issues.slice(before).some(([, , aborts]) => aborts);
  const increasing = (list: number[]) => list.every((day, i) => i === 0 || day > (list[i - 1] ?? -1));
  if (!typeErrorHere && Array.isArray(days) && !increasing(days as number[]))
    c.check('payments.collection.reminderDays', STRICTLY_INCREASING);
}

/** The installation's `payments` section (not strict: keys it does not know are dropped, as in zod). */
export function checkPayments(c: Checker, value: unknown): void {
  if (value === undefined) return;
  const payments = c.object(value, 'payments');
  if (!payments) return;
  if (payments.recordInXero !== undefined) c.boolean(payments.recordInXero, 'payments.recordInXero');
  checkCollection(c, payments.collection);
  if (payments.renewalLeadDays !== undefined && payments.renewalLeadDays !== null)
    wholeNumber(c, payments.renewalLeadDays, 'payments.renewalLeadDays', 1, 365);
  if (payments.timeZone !== undefined) {
    if (typeof payments.timeZone !== 'string') c.typeError('payments.timeZone', 'must be text');
    else if (!isTimeZone(payments.timeZone)) c.check('payments.timeZone', TIME_ZONE_MESSAGE);
  }
}
