import { ConfigError, loadConfig } from '../../worker/config';

const cwd = '/srv/ledgerbridge';

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected loadConfig to reject the environment');
}

describe('loadConfig', () => {
  it('defaults to the embedded mode', () => {
    const config = loadConfig({}, cwd);
    expect(config.ingress).toEqual({ host: '127.0.0.1', port: 3030, publicUrl: 'http://127.0.0.1:3030' });
    expect(config.encryption).toEqual({ keyFile: '/srv/ledgerbridge/.data/secrets/encryption-keys' });
    expect(config.store).toEqual({ kind: 'pglite', dataDir: '/srv/ledgerbridge/.data/store' });
    expect(config.temporal).toEqual({
      namespace: 'default',
      taskQueue: 'ledgerbridge',
      target: {
        kind: 'embedded',
        cliPath: undefined,
        port: 7233,
        uiPort: 8233,
        dbFile: '/srv/ledgerbridge/.data/temporal.sqlite',
      },
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig(
      { DATABASE_URL: 'postgres://lb:pw@db:5432/lb', LEDGERBRIDGE_ENCRYPTION_KEYS: 'k1:x' },
      cwd,
    );
    expect(config.store).toEqual({ kind: 'postgres', url: 'postgres://lb:pw@db:5432/lb' });
    expect(config.encryption).toEqual({ keyring: 'k1:x' });
  });

  it('uses a remote Temporal with an API key over TLS and starts none', () => {
    const config = loadConfig(
      {
        TEMPORAL_ADDRESS: 'acme.a1b2c.tmprl.cloud:7233',
        TEMPORAL_NAMESPACE: 'acme.a1b2c',
        TEMPORAL_API_KEY: 'k',
      },
      cwd,
    );
    expect(config.temporal.target).toEqual({
      kind: 'remote',
      address: 'acme.a1b2c.tmprl.cloud:7233',
      apiKey: 'k',
      tls: undefined,
    });
    expect(config.temporal.namespace).toBe('acme.a1b2c');
  });

  it('traces only when OTEL_EXPORTER_OTLP_ENDPOINT is set, as ledgerbridge-worker unless named', () => {
    expect(loadConfig({}, cwd).tracing).toBeUndefined();
    expect(
      loadConfig({ OTEL_SERVICE_NAME: 'lb', OTEL_EXPORTER_OTLP_ENDPOINT: ' ' }, cwd).tracing,
    ).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel-collector:4318/' }, cwd).tracing).toEqual({
      endpoint: 'http://otel-collector:4318',
      serviceName: 'ledgerbridge-worker',
    });
    expect(
      loadConfig(
        { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp', OTEL_SERVICE_NAME: 'lb-eu' },
        cwd,
      ).tracing,
    ).toEqual({ endpoint: 'https://otlp.example.com/otlp', serviceName: 'lb-eu' });
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', TEMPORAL_ADDRESS: ' ' }, cwd).store.kind).toBe('pglite');
  });

  it.each([
    [{ INGRESS_PORT: 'eighty' }, /^INGRESS_PORT: must be a TCP port number from 1 to 65535 \(got "eighty"\)/],
    [{ INGRESS_PORT: '70000' }, /^INGRESS_PORT: /],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: .*"info"/],
    [
      { DATABASE_URL: 'mysql://x', LEDGERBRIDGE_ENCRYPTION_KEYS: 'k1:x' },
      /^DATABASE_URL: must be a postgres/,
    ],
    [{ TEMPORAL_ADDRESS: 'no-port' }, /^TEMPORAL_ADDRESS: must be host:port/],
    [{ TEMPORAL_API_KEY: 'k' }, /^TEMPORAL_API_KEY: .*set TEMPORAL_ADDRESS/],
    [
      { TEMPORAL_ADDRESS: 'h:7233', TEMPORAL_TLS_CERT_PATH: '/c.pem' },
      /^TEMPORAL_TLS_KEY_PATH: .*must be set together/,
    ],
    [{ TEMPORAL_DEV_PORT: '9000', TEMPORAL_DEV_UI_PORT: '9000' }, /^TEMPORAL_DEV_UI_PORT: must differ/],
    [{ HUBSPOT_REQUESTS_PER_10S: '0' }, /^HUBSPOT_REQUESTS_PER_10S: must be at least 1/],
    [{ XERO_POLL_INTERVAL_SECONDS: 'often' }, /^XERO_POLL_INTERVAL_SECONDS: must be a whole number/],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      /^OTEL_EXPORTER_OTLP_ENDPOINT: must be the http\(s\) base URL of an OTLP\/HTTP collector/,
    ],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/v1/traces' },
      /^OTEL_EXPORTER_OTLP_ENDPOINT: is the collector base URL: leave out \/v1\/traces/,
    ],
  ])('rejects %j naming the variable', (env, message) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('uses the sandbox for every vendor without credentials', () => {
    expect(loadConfig({}, cwd).vendors).toEqual({
      sandbox: {
        host: '127.0.0.1',
        seed: 42,
        external: false,
        stripeUrl: 'http://127.0.0.1:4104',
        mailpit: { smtpPort: 4125, uiPort: 4126 },
      },
      crmPollEveryMs: 300_000,
      pace: {
        xero: { perMinute: 60, perDay: 5_000 },
        hubspot: { per10Seconds: 100, perDay: 250_000 },
        salesforce: { perDay: 15_000, concurrency: 10 },
        zoho: { creditsPerDay: 50_000 },
      },
      xero: {
        mode: 'sandbox',
        baseUrl: 'http://127.0.0.1:4101',
        webhookKey: undefined,
        pollEveryMs: 300_000,
      },
      salesforce: { mode: 'sandbox', baseUrl: 'http://127.0.0.1:4102', calloutSecret: undefined },
      hubspot: { mode: 'sandbox', baseUrl: 'http://127.0.0.1:4103' },
      zoho: { mode: 'sandbox', baseUrl: 'http://127.0.0.1:4105' },
      paritySchedule: '0 2 * * *',
    });
  });

  it('takes live Zoho with both client credentials, and names the missing half otherwise', () => {
    expect(
      loadConfig(
        { ZOHO_CLIENT_ID: '1000.ABC', ZOHO_CLIENT_SECRET: 'zsecret', ZOHO_CREDITS_PER_DAY: '25000' },
        cwd,
      ).vendors,
    ).toMatchObject({
      zoho: { mode: 'live', clientId: '1000.ABC', clientSecret: 'zsecret' },
      pace: { zoho: { creditsPerDay: 25_000 } },
    });
    expect(problemsOf({ ZOHO_CLIENT_ID: '1000.ABC' })).toEqual([
      expect.stringMatching(/^ZOHO_CLIENT_SECRET: .*go together/),
    ]);
  });

  it('takes the parity schedule as a five-field cron expression and names the variable otherwise', () => {
    expect(loadConfig({ PARITY_SCHEDULE: ' 30 1 * * 1-5 ' }, cwd).vendors.paritySchedule).toBe(
      '30 1 * * 1-5',
    );
    expect(problemsOf({ PARITY_SCHEDULE: 'nightly' })).toEqual([
      expect.stringMatching(/^PARITY_SCHEDULE: .*five-field cron/),
    ]);
  });

  it('switches only the vendor whose credentials are given to its live API', () => {
    const vendors = loadConfig(
      {
        XERO_CLIENT_ID: 'xid',
        XERO_CLIENT_SECRET: 'xsecret',
        SALESFORCE_CLIENT_ID: 'sfid',
        SALESFORCE_USERNAME: 'integration@acme.example',
        SALESFORCE_PRIVATE_KEY_PATH: '/keys/sf.pem',
        SALESFORCE_LOGIN_URL: 'https://test.salesforce.com',
      },
      cwd,
    ).vendors;
    expect(vendors.xero).toEqual({
      mode: 'live',
      clientId: 'xid',
      clientSecret: 'xsecret',
      webhookKey: undefined,
      pollEveryMs: 300_000,
    });
    expect(vendors.salesforce).toEqual({
      mode: 'live',
      flow: 'jwt_bearer',
      clientId: 'sfid',
      username: 'integration@acme.example',
      privateKeyPath: '/keys/sf.pem',
      loginUrl: 'https://test.salesforce.com',
      calloutSecret: undefined,
    });
    expect(vendors.hubspot.mode).toBe('sandbox');
    expect(loadConfig({ HUBSPOT_ACCESS_TOKEN: 'pat' }, cwd).vendors.hubspot).toEqual({
      mode: 'live',
      accessToken: 'pat',
    });
  });

  it.each([
    [{ XERO_CLIENT_ID: 'x' }, /^XERO_CLIENT_SECRET: .*go together/],
    [{ SALESFORCE_CLIENT_ID: 'x' }, /^SALESFORCE_CLIENT_ID: needs SALESFORCE_USERNAME/],
    [{ HUBSPOT_CLIENT_SECRET: 'x' }, /^HUBSPOT_CLIENT_ID: .*go together/],
    [{ SALESFORCE_LOGIN_URL: 'login' }, /^SALESFORCE_LOGIN_URL: must be a URL/],
    [{ SANDBOX_XERO_PORT: '0' }, /^SANDBOX_XERO_PORT: must be a TCP port/],
    [{ DATABASE_URL: 'postgres://db/lb' }, /^LEDGERBRIDGE_ENCRYPTION_KEYS: is required with DATABASE_URL/],
  ])('rejects vendor settings %j', (env, message) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(message)]);
  });

  it('reports every bad variable at once', () => {
    expect(problemsOf({ INGRESS_PORT: 'x', LOG_LEVEL: 'y' }).map((p) => p.split(':')[0])).toEqual([
      'LOG_LEVEL',
      'INGRESS_PORT',
    ]);
  });
});
