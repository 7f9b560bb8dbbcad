import path from 'node:path';
import { z } from 'zod';
import { envFields } from '../envFields';
import { payloadKeyringSchema, type PayloadKey } from './payloadKeys';

/**
 * The operations variables (payload codec, codec server, metrics), part of the one config schema in
 * config.ts; this file keeps that schema readable, like vendorConfig.ts does for the vendors.
 */
const { port, optionalText } = envFields;

export const operationsEnvShape = {
  TEMPORAL_PAYLOAD_KEYS: optionalText.pipe(payloadKeyringSchema.optional()),
  CODEC_SERVER_TOKEN: optionalText.pipe(
    z.string().min(32, { error: 'must be at least 32 characters (openssl rand -hex 32)' }).optional(),
  ),
  CODEC_UI_ORIGINS: optionalText.pipe(
    z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim().replace(/\/$/, '')))
      .pipe(z.array(z.url({ error: 'must be comma-separated origins such as https://cloud.temporal.io' })))
      .optional(),
  ),
  TEMPORAL_METRICS_PORT: port.default(9466),
};

type OperationsEnv = z.infer<z.ZodObject<typeof operationsEnvShape>>;

export interface OperationsConfig {
  /**
   * Encrypt every Temporal payload: given keys, or a key file generated in the data folder on first
   * start (fine for one machine; workers and CLIs on several machines need the same keys given).
   */
  payloadKeys: { keys: PayloadKey[] } | { keyFile: string };
  /** Who may call the codec server: a given token, or a generated token file. */
  codecToken: { token: string } | { tokenFile: string };
  /** Browser origins of the Temporal UI allowed to call the codec server (CORS). */
  codecUiOrigins: string[];
  /** Where the Temporal SDK runtime serves its Prometheus metrics (merged into /metrics). */
  temporalMetricsPort: number;
}

export function resolveOperations(
  env: OperationsEnv & { TEMPORAL_DEV_UI_PORT: number },
  dataDir: string,
): OperationsConfig {
  return {
    payloadKeys: env.TEMPORAL_PAYLOAD_KEYS
      ? { keys: env.TEMPORAL_PAYLOAD_KEYS }
      : { keyFile: path.join(dataDir, 'secrets', 'payload-keys') },
    codecToken: env.CODEC_SERVER_TOKEN
      ? { token: env.CODEC_SERVER_TOKEN }
      : { tokenFile: path.join(dataDir, 'secrets', 'codec-token') },
    codecUiOrigins: env.CODEC_UI_ORIGINS ?? [
      `http://127.0.0.1:${env.TEMPORAL_DEV_UI_PORT}`,
      `http://localhost:${env.TEMPORAL_DEV_UI_PORT}`,
      'https://cloud.temporal.io',
    ],
    temporalMetricsPort: env.TEMPORAL_METRICS_PORT,
  };
}
