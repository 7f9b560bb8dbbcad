import path from 'node:path';
import { z } from 'zod';
import { envFields } from './envFields';
import { publicSecretProblems, quotableValue, redactSecretValues } from './configSecrets';
import {
  checkVendorEnv,
  liveVendors,
  resolveVendors,
  vendorEnvShape,
  type VendorsConfig,
} from './vendorConfig';
import { operationsEnvShape, resolveOperations, type OperationsConfig } from './temporal/operationsConfig';
import { resolveTracing, tracingEnvShape, type TracingConfig } from './telemetry/tracingConfig';

const { port, optionalText, seconds } = envFields;

/**
 * Every environment variable Ledgerbridge reads, in one schema. Defaults describe the embedded mode
 * (sandbox + Temporal dev server + PGlite); the README lists the same table for humans.
 */

const envSchema = z
  .object({
    LEDGERBRIDGE_DATA_DIR: z.string().trim().min(1).default('.data'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    INGRESS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    INGRESS_PORT: port.default(3030),
    OPS_HOST: z.string().trim().min(1).default('127.0.0.1'),
    // Unset (or blank): INGRESS_PORT + 1.
    OPS_PORT: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      port.optional(),
    ),
    METRICS_TOKEN: optionalText.pipe(
      z.string().min(32, { error: 'must be at least 32 characters (openssl rand -hex 32)' }).optional(),
    ),
    METRICS_REFRESH_SECONDS: seconds(5, 3_600).default(30),
    PUBLIC_BASE_URL: optionalText.pipe(
      z.url({ error: 'must be the public https URL of the worker ingress' }).optional(),
    ),
    DATABASE_URL: optionalText.pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
        .refine((url) => URL.canParse(url), {
          error: 'is not a valid URL (percent-encode special characters in the user name and password)',
        })
        .optional(),
    ),
    TEMPORAL_ADDRESS: optionalText.pipe(
      z
        .string()
        .regex(/^[^\s:]+:\d+$/, 'must be host:port, e.g. my-ns.a1b2c.tmprl.cloud:7233')
        .optional(),
    ),
    TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
    TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('ledgerbridge'),
    TEMPORAL_API_KEY: optionalText,
    TEMPORAL_TLS_CERT_PATH: optionalText,
    TEMPORAL_TLS_KEY_PATH: optionalText,
    TEMPORAL_TLS_SERVER_NAME: optionalText,
    TEMPORAL_CLI_PATH: optionalText,
    TEMPORAL_DEV_PORT: port.default(7233),
    TEMPORAL_DEV_UI_PORT: port.default(8233),
    LEDGERBRIDGE_ENCRYPTION_KEYS: optionalText,
    ALERT_WEBHOOK_URL: optionalText.pipe(
      z.url({ error: 'must be an https URL (Slack-compatible incoming webhook)' }).optional(),
    ),
    ...vendorEnvShape,
    ...operationsEnvShape,
    ...tracingEnvShape,
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.TEMPORAL_TLS_CERT_PATH) !== Boolean(env.TEMPORAL_TLS_KEY_PATH)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.TEMPORAL_TLS_CERT_PATH ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH'],
        message: 'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together (mTLS client cert)',
      });
    }
    const remoteOnly = ['TEMPORAL_API_KEY', 'TEMPORAL_TLS_CERT_PATH'] as const;
    for (const name of remoteOnly) {
      if (env[name] && !env.TEMPORAL_ADDRESS) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `${name} only applies to a remote server: set TEMPORAL_ADDRESS too`,
        });
      }
    }
    if (env.DATABASE_URL && !env.LEDGERBRIDGE_ENCRYPTION_KEYS) {
      ctx.addIssue({
        code: 'custom',
        path: ['LEDGERBRIDGE_ENCRYPTION_KEYS'],
        message: 'is required with DATABASE_URL: id:base64 of 32 random bytes (openssl rand -base64 32)',
      });
    }
    checkVendorEnv(env, (variable, message) => ctx.addIssue({ code: 'custom', path: [variable], message }));
    // The default, INGRESS_PORT + 1, does not exist for the last port.
    if (env.OPS_PORT === undefined ? env.INGRESS_PORT === 65_535 : env.OPS_PORT === env.INGRESS_PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['OPS_PORT'],
        message: 'must be a TCP port other than INGRESS_PORT (default INGRESS_PORT + 1)',
      });
    }
    if (env.TEMPORAL_DEV_PORT === env.TEMPORAL_DEV_UI_PORT) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_DEV_UI_PORT'],
        message: 'must differ from TEMPORAL_DEV_PORT',
      });
    }
  });

export type TemporalTarget =
  | { kind: 'embedded'; cliPath: string | undefined; port: number; uiPort: number; dbFile: string }
  | {
      kind: 'remote';
      address: string;
      apiKey: string | undefined;
      tls: { certPath: string; keyPath: string; serverName: string | undefined } | undefined;
    };

export interface Config {
  dataDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  /** publicUrl: how vendors reach the ingress (OAuth redirects, webhooks); defaults to host:port. */
  ingress: { host: string; port: number; publicUrl: string };
  /**
   * The operations listener: /metrics and /healthz, loopback by default. With metricsToken, /metrics
   * is also served on the ingress to holders of that bearer token. Workflow counts for /metrics are
   * refreshed in the background every countsRefreshMs, never by a scrape.
   */
  opsListener: { host: string; port: number; metricsToken: string | undefined; countsRefreshMs: number };
  store: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };
  temporal: { namespace: string; taskQueue: string; target: TemporalTarget };
  vendors: VendorsConfig;
  /** Slack-compatible incoming webhook for alerts (they are always logged too). */
  alertWebhookUrl: string | undefined;
  /** The keyring spec from the environment, or the generated key file of the embedded mode. */
  encryption: { keyring: string } | { keyFile: string };
  /** Payload codec keys, codec server access, metrics (worker/temporal/operationsConfig.ts). */
  operations: OperationsConfig;
  /** OpenTelemetry tracing to an OTLP collector; undefined (off) unless OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracing: TracingConfig | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws ConfigError naming each bad variable and what it allows, quoting
 * the value given unless the variable holds a secret. Public sandbox secrets are refused while any
 * vendor runs live.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const variable = typeof issue.path[0] === 'string' ? issue.path[0] : '';
        const got = quotableValue(variable, env[variable]);
        return redactSecretValues(
          `${name}: ${issue.message}${got === undefined ? '' : ` (got "${got}")`}`,
          env,
        );
      }),
    );
  }
  const e = parsed.data;
  const vendors = resolveVendors(e);
  const publicSecrets = publicSecretProblems(env, liveVendors(vendors));
  if (publicSecrets.length > 0) throw new ConfigError(publicSecrets);
  const dataDir = path.resolve(cwd, e.LEDGERBRIDGE_DATA_DIR);
  const target: TemporalTarget = e.TEMPORAL_ADDRESS
    ? {
        kind: 'remote',
        address: e.TEMPORAL_ADDRESS,
        apiKey: e.TEMPORAL_API_KEY,
        tls:
          e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH
            ? {
                certPath: e.TEMPORAL_TLS_CERT_PATH,
                keyPath: e.TEMPORAL_TLS_KEY_PATH,
                serverName: e.TEMPORAL_TLS_SERVER_NAME,
              }
            : undefined,
      }
    : {
        kind: 'embedded',
        cliPath: e.TEMPORAL_CLI_PATH,
        port: e.TEMPORAL_DEV_PORT,
        uiPort: e.TEMPORAL_DEV_UI_PORT,
        dbFile: path.join(dataDir, 'temporal.sqlite'),
      };
  return {
    dataDir,
    logLevel: e.LOG_LEVEL,
    ingress: {
      host: e.INGRESS_HOST,
      port: e.INGRESS_PORT,
      publicUrl: (e.PUBLIC_BASE_URL ?? `http://${e.INGRESS_HOST}:${e.INGRESS_PORT}`).replace(/\/$/, ''),
    },
    opsListener: {
      host: e.OPS_HOST,
      port: e.OPS_PORT ?? e.INGRESS_PORT + 1,
      metricsToken: e.METRICS_TOKEN,
      countsRefreshMs: e.METRICS_REFRESH_SECONDS * 1000,
    },
    store: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'store') },
    temporal: { namespace: e.TEMPORAL_NAMESPACE, taskQueue: e.TEMPORAL_TASK_QUEUE, target },
    vendors,
    alertWebhookUrl: e.ALERT_WEBHOOK_URL,
    encryption: e.LEDGERBRIDGE_ENCRYPTION_KEYS
      ? { keyring: e.LEDGERBRIDGE_ENCRYPTION_KEYS }
      : { keyFile: path.join(dataDir, 'secrets', 'encryption-keys') },
    operations: resolveOperations(e, dataDir),
    tracing: resolveTracing(e),
  };
}
