import { tenantsOptionsFrom } from '../../bench/tenantsOptions';
import { runTenants } from '../../bench/tenantsRun';
import { testEnv } from '../support/testEnv';

/**
 * bench:tenants in small: three installations through one worker, the first flooding. Every event
 * reaches its own installation's portal and no other; the latencies are measured but not judged
 * here (a loaded machine says nothing about fairness in a few seconds).
 */
describe('bench:tenants, small', () => {
  it('delivers every installation its own events and nothing of another', async () => {
    const options = tenantsOptionsFrom({}, [
      '--installations=3',
      '--eventsPerSecond=4',
      '--seconds=3',
      '--warmupSeconds=0',
      '--settleSeconds=90',
    ]);
    const report = await runTenants(
      options,
      { temporalAddress: testEnv('temporalAddress'), postgresUrl: testEnv('postgresUrl') },
      () => undefined,
    );

    expect(report.summary).toMatchObject({ installations: 3, lost: 0, cross_installation_writes: 0 });
    expect(report.audit.duplicates).toBe(0);
    // 2/s of quiet traffic in both phases, 2/s of flood in the second: all of it measured.
    expect([report.alone.quietEvents, report.flood.quietEvents, report.flood.floodEvents]).toEqual([6, 6, 6]);
    expect(report.alone.floodEvents).toBe(0);
    expect(report.flood.quietLatenciesMs).toHaveLength(6);
    expect(report.summary.quiet_alone_p95_ms).toEqual(expect.any(Number));
  }, 400_000);
});

describe('bench:tenants options', () => {
  it('names the knob of a bad or unknown argument', () => {
    expect(() => tenantsOptionsFrom({}, ['--seconds=0'])).toThrow(/--seconds \(TENANTS_SECONDS\)/);
    expect(() => tenantsOptionsFrom({}, ['--tenants=5'])).toThrow(/unknown argument --tenants=5/);
    expect(tenantsOptionsFrom({ TENANTS_INSTALLATIONS: '7' }, ['--fairness=off'])).toMatchObject({
      installations: 7,
      fairness: 'off',
      eventsPerSecond: 20,
    });
  });
});
