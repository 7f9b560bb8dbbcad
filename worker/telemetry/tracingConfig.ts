import { z } from 'zod';
import { envFields } from '../envFields';

/**
 * The OpenTelemetry tracing variables (the standard OTel names), part of the one config schema in
 * config.ts; this file keeps that schema readable, like vendorConfig.ts does for the vendors.
 * Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
const { optionalText } = envFields;

const endpointMessage =
  'must be the http(s) base URL of an OTLP/HTTP collector, such as http://localhost:4318';

export const tracingEnvShape = {
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: endpointMessage })
      .refine((url) => !/\/v1\/traces\/?$/.test(new URL(url).pathname), {
        error: 'is the collector base URL: leave out /v1/traces (it is appended)',
      })
      .optional(),
  ),
  OTEL_SERVICE_NAME: optionalText,
};

type TracingEnv = z.infer<z.ZodObject<typeof tracingEnvShape>>;

export interface TracingConfig {
  /** The collector's base URL; spans go to `<endpoint>/v1/traces` as OTLP/HTTP JSON. */
  endpoint: string;
  /** The `service.name` resource attribute of every span. */
  serviceName: string;
}

export const DEFAULT_SERVICE_NAME = 'ledgerbridge-worker';

export function resolveTracing(env: TracingEnv): TracingConfig | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT) return undefined;
  return {
    endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, ''),
    serviceName: env.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
  };
}
