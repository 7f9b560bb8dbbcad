import { Runtime, type LogLevel, type LogMetadata, type Logger as SdkLogger } from '@temporalio/worker';
import type { Logger } from '../logger';

/**
 * The Temporal SDK's logger, over our pino logger, so there is one structured, redacted stream.
 * Activity and workflow logs (`log.info` in a workflow, `Context.current().log` in an activity)
 * arrive with their workflowId, runId and activity type in the metadata and keep their level; the
 * SDK's own chatter at INFO (bundler stats, state changes) goes down to debug.
 */
export function temporalLogger(logger: Logger): SdkLogger {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const fromCode = (meta: LogMetadata | undefined) =>
    meta?.sdkComponent === 'activity' || meta?.sdkComponent === 'workflow';
  const write = (level: LogLevel, message: string, meta: LogMetadata | undefined) => {
    // The SDK says workflowRunId; our own lines and the audit trail say runId: one name to search by.
    const named: LogMetadata =
      meta && typeof meta.workflowRunId === 'string' ? { ...meta, runId: meta.workflowRunId } : (meta ?? {});
    // The SDK's "Activity failed" puts the Error under `error`, where pino keeps only its own fields
    // (no message): as `err` the logger's serializer writes message and stack, redacted like the rest.
    const { error, ...rest } = named;
    const fields = error instanceof Error ? { ...rest, err: error } : named;
    if (level === 'TRACE') sdk.trace(fields, message);
    else if (level === 'DEBUG') sdk.debug(fields, message);
    else if (level === 'INFO') (fromCode(meta) ? sdk.info.bind(sdk) : sdk.debug.bind(sdk))(fields, message);
    else if (level === 'WARN') sdk.warn(fields, message);
    else sdk.error(fields, message);
  };
  return {
    log: (level, message, meta) => write(level, message, meta),
    trace: (message, meta) => write('TRACE', message, meta),
    debug: (message, meta) => write('DEBUG', message, meta),
    info: (message, meta) => write('INFO', message, meta),
    warn: (message, meta) => write('WARN', message, meta),
    error: (message, meta) => write('ERROR', message, meta),
  };
}

/**
 * Installs the runtime once per process, before any worker or connection: logs into pino, and the
 * core's Prometheus metrics on a loopback port (merged into the ingress's /metrics).
 */
export function installTemporalRuntime(
  logger: Logger,
  options: { metricsPort?: number } = {},
): { metricsUrl: string | undefined } {
  const bindAddress = options.metricsPort ? `127.0.0.1:${options.metricsPort}` : undefined;
  try {
    Runtime.install({
      logger: temporalLogger(logger),
      ...(bindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress } } } } : {}),
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (bindAddress && /address already in use/i.test(message))
      throw new Error(
        `TEMPORAL_METRICS_PORT ${options.metricsPort} is in use (another Ledgerbridge worker?): choose another port`,
      );
    throw err;
  }
  return { metricsUrl: bindAddress ? `http://${bindAddress}/metrics` : undefined };
}
