import { addDays, dateInTimeZone, daysBetween } from '../../../../workflows/domain/stripe/calendarDates';
import {
  minorUnitExponent,
  sameCurrency,
  xeroAmountToMinor,
} from '../../../../workflows/domain/stripe/minorUnits';

describe('minor units', () => {
  it('knows two-, zero- and three-decimal currencies, and refuses Stripe’s special cases', () => {
    expect(minorUnitExponent('usd')).toBe(2);
    expect(minorUnitExponent('JPY')).toBe(0);
    expect(minorUnitExponent('kwd')).toBe(3);
    expect(minorUnitExponent('isk')).toBeUndefined();
    expect(minorUnitExponent('dollars')).toBeUndefined();
  });

  it('converts Xero decimals without floating-point drift', () => {
    expect(xeroAmountToMinor(19.99, 'USD')).toBe(1999);
    expect(xeroAmountToMinor(1.005, 'KWD')).toBe(1005);
    expect(xeroAmountToMinor(5000, 'JPY')).toBe(5000);
    expect(xeroAmountToMinor(10, 'HUF')).toBeUndefined();
    expect(sameCurrency('usd', 'USD')).toBe(true);
  });
});

describe('calendar dates', () => {
  it('adds and counts days across month ends and daylight saving changes', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-04-01', '2026-03-01')).toBe(-31);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('dates a Stripe timestamp in a time zone', () => {
    const lateEvening = Date.UTC(2026, 2, 10, 23, 30) / 1000;
    expect(dateInTimeZone(lateEvening, 'Europe/London')).toBe('2026-03-10');
    expect(dateInTimeZone(lateEvening, 'Pacific/Auckland')).toBe('2026-03-11');
  });
});
