import { chaosOptionsSchema } from '../../bench/chaosOptions';
import { runChaos } from '../../bench/chaosRun';
import { testEnv } from '../support/testEnv';

/**
 * bench:chaos in small: the real worker process (`worker/main.ts`) beside the three emulators in a
 * process of their own, 20% of its vendor calls failing, 30 Xero changes and 6 won deals, one
 * SIGKILL and restart; then nothing may be missing or doubled in the vendors' own records.
 * The settle deadline allows for what a kill costs: activities in flight on the dead worker time
 * out (up to a minute) and its pacing leases lapse (two minutes) before others retry.
 */
describe('bench:chaos, small', () => {
  it('loses and doubles nothing through faults and a killed worker', async () => {
    const lines: string[] = [];
    const options = chaosOptionsSchema.parse({
      events: 30,
      deals: 6,
      kills: 1,
      faultRate: 0.2,
      eventsPerSecond: 5,
      catchUpSeconds: 120,
      hangMs: 12_000,
      settleSeconds: 200,
      seedContacts: 10,
      seedInvoices: 20,
      pollSeconds: 5,
    });
    const report = await runChaos(
      options,
      { temporalAddress: testEnv('temporalAddress'), postgresUrl: testEnv('postgresUrl') },
      (line) => lines.push(line),
    );

    // A clock set forward or back meanwhile (another run's "a year ahead") strands timers: not this test's subject.
    expect(report.clockJumpsMs).toEqual([]);
    const verdict = {
      lost: report.tally.lost,
      duplicateCrmRecords: report.tally.duplicateCrmRecords,
      duplicateInvoices: report.tally.duplicateInvoices,
      findings: report.tally.findings,
    };
    if (verdict.lost + verdict.duplicateCrmRecords + verdict.duplicateInvoices > 0)
      console.warn([...lines, `kept: ${report.keptDir}`].join('\n'));
    expect(verdict).toEqual({ lost: 0, duplicateCrmRecords: 0, duplicateInvoices: 0, findings: {} });
    // The chaos happened: the worker was killed and restarted, and every vendor injected faults.
    expect(report.load.kills).toHaveLength(1);
    expect(report.workerStarts).toBe(2);
    for (const vendor of ['xero', 'salesforce', 'hubspot'] as const)
      expect(report.traffic[vendor].faults).toBeGreaterThan(0);
    expect(report.tally.wonDeals).toBe(6);
    expect(report.load.kinds.won_deal).toBe(6);
  }, 420_000);
});
