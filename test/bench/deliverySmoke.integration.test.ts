import { deliveryOptionsFrom } from '../../bench/delivery/deliveryOptions';
import { runDelivery } from '../../bench/delivery/deliveryRun';
import { testEnv } from '../support/testEnv';

/**
 * bench:delivery in small: the real worker process (`worker/main.ts`) beside the Xero emulator (its
 * own process) and a Mailpit that outlives it; 30 approved invoices, the worker SIGKILLed and
 * restarted when a third and two thirds of the messages are in. Mailpit then holds exactly one
 * message per invoice. A send in flight on a killed worker is retried after the activity's 2-minute
 * timeout and taken over once the dead worker's claim lapses, so the wait allows for minutes.
 */
describe('bench:delivery, small', () => {
  it('e-mails each of 30 invoices exactly once through two worker kills', async () => {
    const lines: string[] = [];
    const options = deliveryOptionsFrom(['--invoices', '30', '--kills', '2', '--rate', '4', '--bare', '30']);
    const report = await runDelivery(
      { ...options, waitSeconds: 300 },
      { temporalAddress: testEnv('temporalAddress'), postgresUrl: testEnv('postgresUrl') },
      (line) => lines.push(line),
    );

    const verdict = {
      messages: report.tally.messages,
      duplicates: report.tally.duplicates,
      missing: report.tally.missing,
      stray: report.tally.stray,
      resent: report.sends.resent,
    };
    if (verdict.missing + verdict.duplicates > 0)
      console.warn([...lines, `kept: ${report.keptDir}`].join('\n'));
    expect(verdict).toEqual({ messages: 30, duplicates: 0, missing: 0, stray: 0, resent: 0 });
    expect(report.settle.settled).toBe(true);
    // The kills happened while sending: after a third and two thirds of the messages.
    expect(report.load.kills.map((k) => k.messages >= 10 && k.messages < 30)).toEqual([true, true]);
    expect(report.workerStarts).toBe(3);
    expect(report.sends.sent + report.sends.foundSent).toBe(30);
    expect(report.bare).toMatchObject({ sent: 30 });
  }, 420_000);
});
