import { msToNextDayIn } from '../../../../worker/payments/collections/collectionActivities';

const HOUR = 3_600_000;

describe('msToNextDayIn', () => {
  it('counts to the next midnight of the time zone, across daylight saving changes', () => {
    // 09:00 UTC is 09:00 in London in winter: 15 hours to midnight.
    expect(msToNextDayIn(new Date(Date.UTC(2031, 0, 15, 9)), 'Europe/London')).toBe(15 * HOUR);
    // 22:00 UTC on the eve of the spring change is 22:00 GMT: 2 hours.
    expect(msToNextDayIn(new Date(Date.UTC(2031, 2, 29, 22)), 'Europe/London')).toBe(2 * HOUR);
    // The day of the spring change has 23 hours: from 00:30 GMT to midnight BST is 22.5 hours.
    expect(msToNextDayIn(new Date(Date.UTC(2031, 2, 30, 0, 30)), 'Europe/London')).toBe(22.5 * HOUR);
    // In summer London is UTC+1: 22:00 UTC is already 23:00 there.
    expect(msToNextDayIn(new Date(Date.UTC(2031, 6, 1, 22)), 'Europe/London')).toBe(1 * HOUR);
    // New York (UTC-4 in summer): 03:00 UTC is 23:00 the day before there.
    expect(msToNextDayIn(new Date(Date.UTC(2031, 6, 1, 3)), 'America/New_York')).toBe(1 * HOUR);
    // Just after midnight: almost a whole day, within the second.
    expect(msToNextDayIn(new Date(Date.UTC(2031, 0, 15, 0, 0, 1)), 'UTC')).toBe(24 * HOUR - 1_000);
  });
});
