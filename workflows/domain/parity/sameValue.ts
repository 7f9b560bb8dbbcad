import { toCents } from '../money';

/** Tolerances a parity check allows before calling two values different. */
export interface ParityTolerance {
  /** Largest amount difference that is rounding, not disagreement (half a cent by default). */
  amount: number;
}

export const defaultTolerance: ParityTolerance = { amount: 0.005 };

export function sameAmount(a: number, b: number, tolerance: ParityTolerance): boolean {
  return Math.abs(a - b) <= tolerance.amount + 1e-9;
}

/** Money for a finding: two decimals, as finance reads it. */
export function showAmount(value: number): string {
  return (toCents(value) / 100).toFixed(2);
}

const DAY_MS = 86_400_000;
const EARLIEST_OFFSET_MS = 14 * 3_600_000; // UTC+14 (Kiribati): a day starts 14 h before UTC's
const LATEST_OFFSET_MS = 12 * 3_600_000; // UTC−12: a day ends 12 h after UTC's

/**
 * Whether a CRM date names the same calendar day as a Xero date (`YYYY-MM-DD`, which has no zone).
 * A date-only CRM value, or an instant at midnight UTC (how HubSpot stores a date), must match
 * exactly. Any other instant (an old process writing local midnight, or a time of day) matches when
 * it falls on that day in some time zone between UTC−12 and UTC+14, so a timezone shift is not
 * reported as a different date.
 */
export function sameCalendarDate(xeroDate: string, crmDate: string): boolean {
  if (/^\d{4}-\d{2}-\d{2}$/.test(crmDate)) return crmDate === xeroDate;
  const instant = /^\d+$/.test(crmDate) ? Number(crmDate) : Date.parse(crmDate);
  if (Number.isNaN(instant)) return false;
  // Exactly midnight UTC is how a date is stored as an instant: compare it as a date.
  if (instant % DAY_MS === 0) return new Date(instant).toISOString().slice(0, 10) === xeroDate;
  const dayStart = Date.parse(`${xeroDate}T00:00:00Z`);
  return instant >= dayStart - EARLIEST_OFFSET_MS && instant < dayStart + DAY_MS + LATEST_OFFSET_MS;
}
