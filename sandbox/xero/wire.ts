/** Xero's JSON conventions: `/Date(ms+0000)/` for timestamps and dates, plus ISO `…String` twins. */
export function msDate(ms: number): string {
  return `/Date(${ms}+0000)/`;
}

/** An accounting date `YYYY-MM-DD` as Xero sends it: midnight UTC in MS-date form. */
export function msDateOfDay(day: string): string {
  let text = dayCache.get(day);
  if (text === undefined) {
    text = msDate(Date.parse(`${day}T00:00:00Z`));
    if (dayCache.size < 100_000) dayCache.set(day, text);
  }
  return text;
}
const dayCache = new Map<string, string>();

export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** Accepts what clients send for dates: `YYYY-MM-DD`, ISO date-times, or `/Date(…)/`. */
export function parseXeroDay(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = /^\/Date\((-?\d+)([+-]\d{4})?\)\/$/.exec(value);
  if (ms?.[1]) return new Date(Number(ms[1])).toISOString().slice(0, 10);
  const parsed = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString().slice(0, 10);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
