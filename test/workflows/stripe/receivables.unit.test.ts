import fc from 'fast-check';
import { addDays } from '../../../workflows/domain/stripe/calendarDates';
import {
  ageingBucket,
  contactKey,
  receivablesReport,
  type ReceivableInvoice,
} from '../../../workflows/domain/stripe/receivables';

// Dates are built relative to a fixed "today", never the machine's date.
const TODAY = '2026-06-30';
const T = 'tenant-1';
let n = 0;
const invoice = (fields: Partial<ReceivableInvoice>): ReceivableInvoice => ({
  xeroTenantId: T,
  xeroInvoiceId: `inv-${++n}`,
  contactId: 'c1',
  type: 'ACCREC',
  status: 'AUTHORISED',
  currency: 'GBP',
  date: addDays(TODAY, -10),
  dueDate: TODAY,
  total: 100,
  amountDue: 100,
  ...fields,
});

describe('ageingBucket', () => {
  it.each([
    [-5, 'current'],
    [0, 'current'],
    [1, 'days1to30'],
    [30, 'days1to30'],
    [31, 'days31to60'],
    [60, 'days31to60'],
    [61, 'days61to90'],
    [90, 'days61to90'],
    [91, 'over90'],
  ])('%i days overdue → %s', (days, bucket) => expect(ageingBucket(days)).toBe(bucket));
});

describe('receivablesReport', () => {
  it('ages what is due by days overdue and computes DSO over the last 90 days of credit sales', () => {
    const invoices = [
      invoice({ dueDate: addDays(TODAY, 5), amountDue: 100, total: 100 }), // current
      invoice({ dueDate: addDays(TODAY, -3), amountDue: 50, total: 200 }), // 1-30, part paid
      invoice({ dueDate: addDays(TODAY, -45), date: addDays(TODAY, -75), amountDue: 30, total: 30 }),
      invoice({ dueDate: addDays(TODAY, -70), date: addDays(TODAY, -100), amountDue: 20, total: 20 }), // outside DSO window
      invoice({ dueDate: addDays(TODAY, -120), date: addDays(TODAY, -150), amountDue: 10, total: 10 }),
      invoice({ status: 'PAID', amountDue: 0, total: 70 }), // a sale, nothing owed
      invoice({ status: 'VOIDED', amountDue: 999, total: 999 }),
      invoice({ status: 'DRAFT', amountDue: 999, total: 999 }),
      invoice({ type: 'ACCPAY', amountDue: 999, total: 999 }),
    ];
    const report = receivablesReport(invoices, TODAY);
    const [gbp] = report.installation;
    expect(gbp).toEqual({
      currency: 'GBP',
      current: 100,
      days1to30: 50,
      days31to60: 30,
      days61to90: 20,
      over90: 10,
      outstanding: 210,
      creditSales90: 400, // 100 + 200 + 30 + 70
      daysSalesOutstanding: 47.3, // 210 / 400 × 90 = 47.25
    });
    expect(report.overdue.map((o) => o.daysOverdue).sort((a, b) => a - b)).toEqual([3, 45, 70, 120]);
  });

  it('keeps currencies apart and figures per contact of each organisation', () => {
    const report = receivablesReport(
      [
        invoice({ contactId: 'a', amountDue: 10 }),
        invoice({ contactId: 'a', currency: 'EUR', amountDue: 40, total: 40 }),
        invoice({ xeroTenantId: 'tenant-2', contactId: 'a', amountDue: 5 }),
        invoice({ contactId: 'b', amountDue: 0, status: 'PAID' }),
      ],
      TODAY,
    );
    expect(report.byContact.get(contactKey(T, 'a'))?.map((f) => [f.currency, f.outstanding])).toEqual([
      ['EUR', 40],
      ['GBP', 10],
    ]);
    expect(report.byContact.get(contactKey('tenant-2', 'a'))?.[0]?.outstanding).toBe(5);
    const old = receivablesReport(
      [invoice({ contactId: 'd', date: addDays(TODAY, -300), status: 'PAID', amountDue: 0 })],
      TODAY,
    );
    expect(old.byContact.get(contactKey(T, 'd'))).toEqual([
      expect.objectContaining({ currency: 'GBP', outstanding: 0, daysSalesOutstanding: null }),
    ]);
    expect(old.installation).toEqual([]);
    expect(report.byContact.get(contactKey(T, 'b'))?.[0]).toMatchObject({
      outstanding: 0,
      daysSalesOutstanding: 0,
    });
    expect(report.installation.map((f) => [f.currency, f.outstanding])).toEqual([
      ['EUR', 40],
      ['GBP', 15],
    ]);
  });

  it('has no DSO without credit sales in the window, and an invoice without a due date is current', () => {
    const [gbp] = receivablesReport(
      [invoice({ date: addDays(TODAY, -200), dueDate: undefined, amountDue: 80, total: 80 })],
      TODAY,
    ).installation;
    expect(gbp).toMatchObject({ current: 80, outstanding: 80, creditSales90: 0, daysSalesOutstanding: null });
  });

  const arbitraryInvoice = fc.record({
    xeroTenantId: fc.constantFrom('t1', 't2'),
    xeroInvoiceId: fc.uuid(),
    contactId: fc.constantFrom('a', 'b', 'c'),
    type: fc.constantFrom('ACCREC' as const, 'ACCPAY' as const),
    status: fc.constantFrom('AUTHORISED', 'PAID', 'VOIDED', 'DRAFT'),
    currency: fc.constantFrom('GBP', 'USD'),
    date: fc.integer({ min: -400, max: 0 }).map((d) => addDays(TODAY, d)),
    dueDate: fc.option(
      fc.integer({ min: -400, max: 60 }).map((d) => addDays(TODAY, d)),
      { nil: undefined },
    ),
    total: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
    amountDue: fc.integer({ min: 0, max: 100_000 }).map((c) => c / 100),
  });

  it('buckets add up to the outstanding amount, contacts add up to the installation, in any order', () => {
    fc.assert(
      fc.property(fc.array(arbitraryInvoice, { maxLength: 40 }), (invoices) => {
        const report = receivablesReport(invoices, TODAY);
        const shuffled = receivablesReport([...invoices].reverse(), TODAY);
        expect(shuffled.installation).toEqual(report.installation);
        for (const f of report.installation) {
          const buckets = f.current + f.days1to30 + f.days31to60 + f.days61to90 + f.over90;
          expect(buckets).toBeCloseTo(f.outstanding, 2);
          const perContact = [...report.byContact.values()]
            .flat()
            .filter((c) => c.currency === f.currency)
            .reduce((sum, c) => sum + c.outstanding, 0);
          expect(perContact).toBeCloseTo(f.outstanding, 2);
          if (f.daysSalesOutstanding !== null) expect(f.daysSalesOutstanding).toBeGreaterThanOrEqual(0);
        }
        // Every overdue invoice is an owed sales invoice past its due date.
        for (const o of report.overdue) expect(o.daysOverdue).toBeGreaterThan(0);
      }),
    );
  });
});
