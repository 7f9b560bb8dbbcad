import { Runtime, type LogLevel, type LogMetadata } from '@temporalio/worker';
import type { Logger } from '../logger';

/**
 * Routes the Temporal SDK's own logs (worker state, bundler output, core) into our pino logger, so
 * there is one structured log stream. Must run once per process, before any worker is created.
 */
export function installTemporalRuntime(logger: Logger): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const levels: Record<LogLevel, (meta: LogMetadata, message: string) => void> = {
    TRACE: (m, s) => sdk.trace(m, s),
    DEBUG: (m, s) => sdk.debug(m, s),
    INFO: (m, s) => sdk.debug(m, s), // the SDK is chatty at INFO (bundler stats, state changes)
    WARN: (m, s) => sdk.warn(m, s),
    ERROR: (m, s) => sdk.error(m, s),
  };
  Runtime.install({
    logger: {
      log: (level, message, meta) => levels[level](meta ?? {}, message),
      trace: (message, meta) => levels.TRACE(meta ?? {}, message),
      debug: (message, meta) => levels.DEBUG(meta ?? {}, message),
      info: (message, meta) => levels.INFO(meta ?? {}, message),
      warn: (message, meta) => levels.WARN(meta ?? {}, message),
      error: (message, meta) => levels.ERROR(meta ?? {}, message),
    },
  });
}
