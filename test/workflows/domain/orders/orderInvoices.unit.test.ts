import fc from 'fast-check';
import {
  lastDayOf,
  nextPeriod,
  periodOf,
  previousPeriod,
} from '../../../../workflows/domain/orders/billingPeriod';
import { cardOrderInvoice, monthEndInvoice } from '../../../../workflows/domain/orders/orderInvoices';

const settings = { items: { MUG: { accountCode: '210', itemCode: 'MUG-1' } }, defaultAccountCode: '200' };

describe('billing periods', () => {
  it('counts the month in the installation time zone', () => {
    const instant = new Date('2031-05-31T23:30:00Z');
    expect(periodOf(instant, 'UTC')).toBe('2031-05');
    expect(periodOf(instant, 'Europe/Berlin')).toBe('2031-06');
    expect(periodOf(instant, 'America/New_York')).toBe('2031-05');
  });

  it('knows month ends and neighbours, leap years and December included', () => {
    expect(lastDayOf('2032-02')).toBe('2032-02-29');
    expect(lastDayOf('2031-02')).toBe('2031-02-28');
    expect(nextPeriod('2031-12')).toBe('2032-01');
    expect(previousPeriod('2031-01')).toBe('2030-12');
    expect(() => lastDayOf('2031-13')).toThrow(RangeError);
    fc.assert(
      fc.property(fc.integer({ min: 1990, max: 2100 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const p = `${y}-${String(m).padStart(2, '0')}`;
        return previousPeriod(nextPeriod(p)) === p && nextPeriod(p) > p;
      }),
    );
  });
});

describe('order invoices', () => {
  it('a card order: authorised, due the day placed, a line per order line with its SKU mapped, tax included', () => {
    const draft = cardOrderInvoice(
      {
        id: 'W-1',
        currency: 'EUR',
        lines: [
          { sku: 'MUG', description: 'Mug', quantity: 2, unitPrice: 12.5 },
          { sku: 'TEA', description: 'Tea', quantity: 1, unitPrice: 5 },
        ],
      },
      '2031-05-14',
      settings,
    );
    expect(draft).toMatchObject({
      status: 'AUTHORISED',
      date: '2031-05-14',
      dueDate: '2031-05-14',
      currency: 'EUR',
      reference: 'Order W-1',
      amountsIncludeTax: true,
      subTotalCents: 3000,
    });
    expect(draft.lines.map((l) => [l.accountCode, l.itemCode])).toEqual([
      ['210', 'MUG-1'],
      ['200', undefined],
    ]);
  });

  it("a month: dated its last day, due 30 days later, one line per order, its total the orders' sum to the cent", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 1, maxLength: 60 }),
        (totals) => {
          const draft = monthEndInvoice(
            { period: '2031-02', currency: 'USD' },
            totals.map((totalCents, i) => ({ orderId: `O-${i}`, placedOn: '2031-02-03', totalCents })),
            settings,
          );
          return (
            draft.lines.length === totals.length &&
            draft.subTotalCents === totals.reduce((a, b) => a + b, 0) &&
            draft.date === '2031-02-28' &&
            draft.dueDate === '2031-03-30'
          );
        },
      ),
    );
  });
});
