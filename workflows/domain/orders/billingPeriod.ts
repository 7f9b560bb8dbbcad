/**
 * Monthly billing periods (`YYYY-MM`) of account orders (issue #24), counted in the installation's
 * time zone. Periods compare as strings. Pure: the workflows and activities both use them.
 */
const PERIOD = /^(\d{4})-(\d{2})$/;

export function periodOf(at: Date, timeZone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(at)
    .slice(0, 7);
}

function parts(period: string): { year: number; month: number } {
  const m = PERIOD.exec(period);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new RangeError(`not a YYYY-MM period: ${period}`);
  return { year: Number(m[1]), month };
}

/** The period's last calendar day, YYYY-MM-DD (the month-end invoice's date). */
export function lastDayOf(period: string): string {
  const { year, month } = parts(period);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

export function previousPeriod(period: string): string {
  const { year, month } = parts(period);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

export function nextPeriod(period: string): string {
  const { year, month } = parts(period);
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
}
