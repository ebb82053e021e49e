/**
 * The Temporal SDK's process-wide runtime, as the service wants it:
 * - its own log lines (worker state, activity failures, workflow logs) go through the
 *   service's pino logger, so operators read one JSON format; its INFO lines include the whole
 *   webpack report of the workflow bundle, so they go to `debug`;
 * - it installs no signal handlers: by default it starts draining every worker on SIGINT and
 *   SIGTERM by itself, racing the service's own ordered shutdown (`src/shutdown.ts`), whose
 *   `worker.shutdown()` then fails on a worker already draining.
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

export function installRuntime(logger: Logger): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      sdk[PINO_LEVEL[level]](meta ?? {}, message);
    }),
  });
}
