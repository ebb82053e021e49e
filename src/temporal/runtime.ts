/**
 * The Temporal SDK's process-wide runtime, as the service wants it:
 * - its own log lines (worker state, activity failures, workflow logs) go through the
 *   service's pino logger, so operators read one JSON format; its INFO lines include the whole
 *   webpack report of the workflow bundle, so they go to `debug`. Errors in their metadata are
 *   serialized with message, type, stack and causes (as plain JSON they print as `{}`);
 * - it installs no signal handlers: by default it starts draining every worker on SIGINT and
 *   SIGTERM by itself, racing the service's own ordered shutdown (`src/shutdown.ts`), whose
 *   `worker.shutdown()` then fails on a worker already draining;
 * - with METRICS_PORT set, it serves Prometheus metrics there: the SDK's own (task latencies,
 *   slots, polls) and the project's, recorded through the SDK's metric meter
 *   (`src/temporal/handler-metrics.ts`).
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { pino, type Logger } from 'pino';
import { ConfigError } from '../config';

const PINO_LEVEL: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'debug',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's log metadata with every Error made readable (message, type, stack, causes). */
export function readableMeta(meta: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!meta) return {};
  return Object.fromEntries(
    Object.entries(meta).map(([key, value]) => [
      key,
      value instanceof Error ? pino.stdSerializers.errWithCause(value) : value,
    ]),
  );
}

/** `host:port` for the metrics endpoint, or null without METRICS_PORT (or with 0). */
export function metricsBindAddress(env: NodeJS.ProcessEnv): string | null {
  const port = env.METRICS_PORT?.trim();
  if (!port || port === '0') return null;
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65_535)
    throw new ConfigError(`METRICS_PORT must be a port number (1-65535), not '${port}'`);
  return `0.0.0.0:${port}`;
}

export function installRuntime(logger: Logger, env: NodeJS.ProcessEnv = process.env): void {
  const sdk = logger.child({ component: 'temporal-sdk' });
  const bindAddress = metricsBindAddress(env);
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger('INFO', ({ level, message, meta }) => {
      // The project's own workflow lines (an event retried, discarded) stay at info.
      const fromWorkflow = level === 'INFO' && meta?.sdkComponent === 'workflow';
      sdk[fromWorkflow ? 'info' : PINO_LEVEL[level]](readableMeta(meta), message);
    }),
    ...(bindAddress
      ? {
          telemetryOptions: { metrics: { prometheus: { bindAddress, countersTotalSuffix: true } } },
        }
      : {}),
  });
  if (bindAddress) logger.info({ url: `http://${bindAddress}/metrics` }, 'worker metrics served');
}
