/**
 * Sends the Temporal SDK's own log lines (worker state, activity failures, workflow logs)
 * through the service's pino logger, so operators read one JSON format. The SDK's INFO lines
 * include the whole webpack report of the workflow bundle: they go to `debug`.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'debug',
  WARN: 'warn',
  ERROR: 'error',
};

export function installRuntimeLogging(logger: Logger): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      sdk[PINO_LEVEL[level]](meta ?? {}, message);
    }),
  });
}
