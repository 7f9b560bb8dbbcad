import { ordersOptionsFrom } from '../../bench/orders/ordersOptions';
import { runOrders } from '../../bench/orders/ordersRun';
import { testEnv } from '../support/testEnv';

/**
 * bench:orders in small: the real worker process (`worker/main.ts`, which also serves POST /orders)
 * beside Xero and HubSpot (their own process); 200 signed posts (5% malformed, 10% exact re-posts),
 * the worker SIGKILLed when half the orders are accepted and restarted at once, the poster retrying
 * as a shop would. Then the month end. Every valid order is in Xero exactly once (a paid card
 * invoice or a line of its customer's month-end invoice) or rejected with a reason; each month-end
 * invoice equals its customer's orders. Orders in flight on the killed worker wait for their
 * activities' timeouts, so the wait allows for minutes.
 */
describe('bench:orders, small', () => {
  it('takes 200 posts through a worker kill with nothing lost or doubled, and bills the month end exactly', async () => {
    const lines: string[] = [];
    const options = ordersOptionsFrom([
      '--orders',
      '200',
      '--rate',
      '20',
      '--account-customers',
      '12',
      '--card-customers',
      '12',
      '--bare',
      '20',
    ]);
    const report = await runOrders(
      { ...options, waitSeconds: 300 },
      { temporalAddress: testEnv('temporalAddress'), postgresUrl: testEnv('postgresUrl') },
      (line) => lines.push(line),
    );
    const t = report.tally;
    const verdict = {
      lost: t.lost,
      duplicates: t.duplicates,
      mismatches: t.monthEndMismatches,
      unexpectedRejections: t.unexpectedRejections,
      unexpectedAnswers: t.unexpectedAnswers,
    };
    if (t.lost + t.duplicates + t.monthEndMismatches > 0)
      console.warn([...lines, `kept: ${report.keptDir}`].join('\n'));
    expect(verdict).toEqual({
      lost: 0,
      duplicates: 0,
      mismatches: 0,
      unexpectedRejections: 0,
      unexpectedAnswers: {},
    });
    expect(report.settle.settled).toBe(true);
    // Every valid order went somewhere, and every malformed post was refused.
    const malformed = report.posting.results.filter((r) => r.post.kind === 'malformed').length;
    expect(malformed).toBeGreaterThan(0);
    expect(t.malformedRefused).toBe(malformed);
    expect(t.cardInvoiced + t.billed + t.rejectedByWorkflow).toBe(t.orders);
    // The kill came while posting, after about half the orders were accepted.
    expect(report.posting.kills).toHaveLength(1);
    expect(report.posting.kills[0]!.accepted).toBeGreaterThanOrEqual(Math.ceil(t.orders / 2));
    expect(report.workerStarts).toBe(2);
    expect(t.billed).toBeGreaterThan(0);
    expect(t.monthEndInvoices).toBe(report.monthEnd.invoices);
    expect(report.bare).toMatchObject({ orders: 20, invoices: 20, failures: 0 });
  }, 480_000);
});
