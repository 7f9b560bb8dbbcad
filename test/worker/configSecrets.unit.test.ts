import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SANDBOX_HUBSPOT_CLIENT } from '../../sandbox';
import { ConfigError, loadConfig } from '../../worker/config';
import { isSecretVariable, redactSecretValues } from '../../worker/configSecrets';
import { resolveCrmWebhookSecrets } from '../../worker/webhooks/crmWebhookSecrets';

const cwd = '/srv/ledgerbridge';
const PUBLIC = SANDBOX_HUBSPOT_CLIENT.clientSecret;
const XERO_LIVE = { XERO_CLIENT_ID: 'xid', XERO_CLIENT_SECRET: 'a-real-xero-client-secret' };

function messageOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env, cwd);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected loadConfig to reject the environment');
}

describe('secrets in the configuration', () => {
  it.each([
    'TEMPORAL_PAYLOAD_KEYS',
    'LEDGERBRIDGE_ENCRYPTION_KEYS',
    'CODEC_SERVER_TOKEN',
    'METRICS_TOKEN',
    'XERO_CLIENT_SECRET',
    'XERO_WEBHOOK_KEY',
    'SALESFORCE_CLIENT_SECRET',
    'SALESFORCE_CALLOUT_SECRET',
    'HUBSPOT_CLIENT_SECRET',
    'HUBSPOT_ACCESS_TOKEN',
    'TEMPORAL_API_KEY',
    'DATABASE_URL',
    'ALERT_WEBHOOK_URL',
  ])('%s is a secret', (name) => {
    expect(isSecretVariable(name)).toBe(true);
  });

  it.each(['INGRESS_PORT', 'TEMPORAL_TLS_KEY_PATH', 'SALESFORCE_PRIVATE_KEY_PATH', 'XERO_CLIENT_ID'])(
    '%s is not',
    (name) => {
      expect(isSecretVariable(name)).toBe(false);
    },
  );

  it.each([
    ['TEMPORAL_PAYLOAD_KEYS', 'p1:c2hvcnQta2V5LW1hdGVyaWFs'],
    ['TEMPORAL_PAYLOAD_KEYS', 'p1:c2hvcnQta2V5LW1hdGVyaWFs,not a key at all'],
    ['CODEC_SERVER_TOKEN', 'too-short-codec-token-value'],
    ['METRICS_TOKEN', 'too-short-metrics-token-value'],
    ['ALERT_WEBHOOK_URL', 'hooks.slack.com/services/T0/B0/secretpathpart'],
  ])('a bad %s is named, its value never shown', (name, value) => {
    const message = messageOf({ [name]: value });
    expect(message).toContain(`${name}`);
    expect(message).not.toContain(value);
    for (const part of value.split(/[,:/]/).filter((p) => p.length >= 6)) expect(message).not.toContain(part);
  });

  it('never shows the password of DATABASE_URL', () => {
    const message = messageOf({
      DATABASE_URL: 'mysql://lb:hunter2-db-password@db/lb',
      LEDGERBRIDGE_ENCRYPTION_KEYS: 'k:x',
    });
    expect(message).toMatch(/DATABASE_URL: must be a postgres/);
    expect(message).not.toContain('hunter2-db-password');
  });

  it('refuses a DATABASE_URL that does not parse, without showing it', () => {
    const message = messageOf({
      DATABASE_URL: 'postgres://lb:pa^ss-word@db:99999/lb',
      LEDGERBRIDGE_ENCRYPTION_KEYS: 'k:x',
    });
    expect(message).toMatch(/DATABASE_URL: is not a valid URL/);
    expect(message).not.toContain('pa^ss-word');
  });

  it('still quotes a value that is not secret, without the password of a URL', () => {
    expect(messageOf({ INGRESS_PORT: 'eighty' })).toContain('(got "eighty")');
    const message = messageOf({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otel:pw-in-url-123@collector:4318/v1/traces',
    });
    expect(message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(message).toContain('otel:[redacted]@collector');
    expect(message).not.toContain('pw-in-url-123');
  });

  it('takes a secret value, or any key or password in it, out of any message built from it', () => {
    const env = {
      CODEC_SERVER_TOKEN: 'abcdefgh12345678',
      TEMPORAL_PAYLOAD_KEYS: 'p1:Zmlyc3Qta2V5LW1hdGVyaWFs,p2:c2Vjb25kLWtleS1tYXRlcmlhbA==',
      DATABASE_URL: 'postgres://lb:s%40fe-pass@db/lb',
      INGRESS_HOST: 'not-a-secret-host',
    };
    expect(redactSecretValues('token abcdefgh12345678 refused', env)).toBe('token [redacted] refused');
    expect(redactSecretValues('bad key c2Vjb25kLWtleS1tYXRlcmlhbA== in p2', env)).toBe(
      'bad key [redacted] in p2',
    );
    expect(redactSecretValues('login with s@fe-pass failed', env)).toBe('login with [redacted] failed');
    expect(redactSecretValues('listening on not-a-secret-host', env)).toBe('listening on not-a-secret-host');
  });
});

describe('public sandbox secrets', () => {
  it.each([
    [{ ...XERO_LIVE, HUBSPOT_CLIENT_ID: 'hid', HUBSPOT_CLIENT_SECRET: PUBLIC }, 'HUBSPOT_CLIENT_SECRET'],
    [{ XERO_CLIENT_ID: 'xid', XERO_CLIENT_SECRET: PUBLIC }, 'XERO_CLIENT_SECRET'],
    [{ HUBSPOT_ACCESS_TOKEN: 'pat-real', XERO_WEBHOOK_KEY: PUBLIC }, 'XERO_WEBHOOK_KEY'],
    [{ ...XERO_LIVE, SALESFORCE_CALLOUT_SECRET: PUBLIC }, 'SALESFORCE_CALLOUT_SECRET'],
    [{ ...XERO_LIVE, CODEC_SERVER_TOKEN: `${PUBLIC}-and-more` }, 'CODEC_SERVER_TOKEN'],
    [
      { ...XERO_LIVE, DATABASE_URL: `postgres://lb:${PUBLIC}@db/lb`, LEDGERBRIDGE_ENCRYPTION_KEYS: 'k:x' },
      'DATABASE_URL',
    ],
  ])('are refused at start-up while a vendor runs live: %j', (env, variable) => {
    const message = messageOf(env);
    expect(message).toContain(`${variable}: holds the public sandbox secret`);
    expect(message).not.toContain(PUBLIC);
  });

  it('are allowed while every vendor runs against the sandbox', () => {
    expect(loadConfig({ SALESFORCE_CALLOUT_SECRET: PUBLIC }, cwd).vendors.salesforce.mode).toBe('sandbox');
  });

  it("verify the HubSpot sandbox's notices only while no vendor runs live", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lb-secrets-'));
    expect((await resolveCrmWebhookSecrets(loadConfig({}, dir))).hubspot).toBe(PUBLIC);
    const mixed = loadConfig(XERO_LIVE, dir);
    expect(mixed.vendors.hubspot.mode).toBe('sandbox');
    expect((await resolveCrmWebhookSecrets(mixed)).hubspot).toBeUndefined();
  });
});
