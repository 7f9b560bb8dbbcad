import { ConfigError, loadConfig } from '../../../worker/config';

const cwd = '/srv/ledgerbridge';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected loadConfig to reject the environment');
}

/** OPS_HOST, OPS_PORT, METRICS_TOKEN and METRICS_REFRESH_SECONDS in the one config schema. */
describe('the operations listener config', () => {
  it('defaults to loopback on the port after the ingress, no public metrics, counts every 30 s', () => {
    expect(loadConfig({}, cwd).opsListener).toEqual({
      host: '127.0.0.1',
      port: 3031,
      metricsToken: undefined,
      countsRefreshMs: 30_000,
    });
    expect(loadConfig({ INGRESS_PORT: '8080', OPS_PORT: ' ' }, cwd).opsListener.port).toBe(8081);
  });

  it('takes a host, a port, a metrics token and a refresh interval', () => {
    const token = 'a'.repeat(40);
    expect(
      loadConfig(
        { OPS_HOST: '0.0.0.0', OPS_PORT: '9100', METRICS_TOKEN: token, METRICS_REFRESH_SECONDS: '120' },
        cwd,
      ).opsListener,
    ).toEqual({ host: '0.0.0.0', port: 9100, metricsToken: token, countsRefreshMs: 120_000 });
  });

  it.each([
    [{ OPS_PORT: '3030' }, /^OPS_PORT: must be a TCP port other than INGRESS_PORT/],
    [{ INGRESS_PORT: '65535' }, /^OPS_PORT: .*INGRESS_PORT \+ 1/],
    [{ OPS_PORT: '70000' }, /^OPS_PORT: must be a TCP port number/],
    [{ METRICS_TOKEN: 'short' }, /^METRICS_TOKEN: must be at least 32 characters/],
    [
      { METRICS_REFRESH_SECONDS: '1' },
      /^METRICS_REFRESH_SECONDS: must be a whole number of seconds from 5 to 3600/,
    ],
    [{ METRICS_REFRESH_SECONDS: 'often' }, /^METRICS_REFRESH_SECONDS: /],
  ])('refuses %j naming the variable', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('never quotes the metrics token', () => {
    const [problem] = problemsOf({ METRICS_TOKEN: 'too-short-but-secret' });
    expect(problem).toMatch(/^METRICS_TOKEN: /);
    expect(problem).not.toContain('too-short-but-secret');
  });
});
