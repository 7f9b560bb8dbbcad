/**
 * Calendar dates as `YYYY-MM-DD` (Xero's dates, and the installation's "today"). Arithmetic runs on
 * UTC midnights so no time zone or daylight saving change can move a date.
 */
export const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMs(date: string): number {
  const parts = ISO_DATE.exec(date);
  if (!parts) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const ms = Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`no such date: ${date}`);
  return ms;
}

export function addDays(date: string, days: number): string {
  return new Date(toUtcMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** The calendar date of a Stripe timestamp (Unix seconds) in an IANA time zone, e.g. the Xero organisation's. */
export function dateInTimeZone(unixSeconds: number, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(unixSeconds * 1000));
}

/**
 * Milliseconds until the start of day `on` (YYYY-MM-DD) in the installation's time zone, from
 * `today` with `msToNextDay` until its next midnight (read by an activity: a workflow has no zones).
 */
export function msUntilDay(day: { today: string; msToNextDay: number }, on: string): number {
  return day.msToNextDay + Math.max(0, daysBetween(day.today, on) - 1) * DAY_MS;
}
