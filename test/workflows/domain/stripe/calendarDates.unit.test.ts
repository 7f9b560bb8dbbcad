import fc from 'fast-check';
import { addDays, DAY_MS, daysBetween, msUntilDay } from '../../../../workflows/domain/stripe/calendarDates';

const dates = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('calendar dates', () => {
  it('adds days across months, years and leap days, and counts them back', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    fc.assert(
      fc.property(dates, fc.integer({ min: -800, max: 800 }), (date, days) => {
        expect(daysBetween(date, addDays(date, days))).toBe(days);
      }),
    );
  });

  it('waits until the start of a later day: the rest of today, then whole days', () => {
    const day = { today: '2031-03-10', msToNextDay: 5_000 };
    expect(msUntilDay(day, '2031-03-11')).toBe(5_000);
    expect(msUntilDay(day, '2031-03-14')).toBe(5_000 + 3 * DAY_MS);
    // Today or a day gone: only until tomorrow (the caller reads the invoice again then).
    expect(msUntilDay(day, '2031-03-10')).toBe(5_000);
    expect(msUntilDay(day, '2031-03-01')).toBe(5_000);
  });
});
