/** Starts the receiver on its port with a Temporal client behind it. */
import type { Client } from '@temporalio/client';
import { createServer, type Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config, HttpSettings } from '../config';
import { createReceiverApp } from './app';
import { countClientErrors } from './client-errors';
import { RejectionLog } from './rejection-log';
import { createReceiverMetrics } from './metrics';
import { createEventStarter } from './start-event';
import { createEntityHandOff, type EntityHandOff } from './entity-hand-off';
import type { HandlerRegistry } from '../../activities/handler-registry';

export interface RunningReceiver {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Node's defaults let a sender hold a socket for 300 s by sending a byte a second. Podium sends
 * a whole delivery and gives up after 5 s, so anything slower is not Podium: drop it (408).
 * Node checks the timeouts only every `connectionsCheckingInterval` (default 30 s, which would
 * add up to 30 s to each bound), so check often enough that a bound holds to within a quarter.
 */
function serverOptions(http: HttpSettings) {
  return {
    headersTimeout: http.headersTimeoutMs,
    requestTimeout: http.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(50, Math.min(1000, http.headersTimeoutMs / 4)),
    // Keep connections from Podium (and load balancers) alive longer than their idle timeout.
    keepAliveTimeout: 65_000,
  };
}

/**
 * @param registry the workers' handler registry: with it the receiver hands each ordered event
 *   to its entity itself (src/receiver/entity-hand-off.ts); without it each event's workflow
 *   plans its event.
 */
export async function listenReceiver(
  config: Config,
  client: Client,
  logger: Logger,
  registry?: HandlerRegistry,
): Promise<RunningReceiver> {
  const rejections = new RejectionLog(logger, config.http.rejectionLogIntervalMs);
  const metrics = createReceiverMetrics();
  const handOff = registry && handOffOf(config, client, logger, registry, metrics);
  const app = createReceiverApp({
    secrets: config.podium.secrets,
    toleranceMs: config.podium.toleranceMs,
    maxBodyBytes: config.http.maxBodyBytes,
    maxBodiesInFlight: config.http.maxBodiesInFlight,
    rejections,
    starter: metrics.timed(
      createEventStarter(
        client,
        config.temporal.taskQueue,
        config.temporal.startTimeoutMs,
        handOff,
      ),
    ),
    checkTemporal: async () => {
      await client.connection.withDeadline(Date.now() + 1000, () =>
        client.connection.workflowService.getSystemInfo({}),
      );
    },
    logger,
    metrics,
  });
  const server = createServer(serverOptions(config.http), app);
  countClientErrors(server, rejections);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.http.port, config.http.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}`;
  logger.info({ url: `${url}/webhooks/podium` }, 'receiver listening');
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          rejections.flush();
          void (handOff?.drain() ?? Promise.resolve()).then(resolve);
        });
        server.closeIdleConnections();
      }),
  };
}

function handOffOf(
  config: Config,
  client: Client,
  logger: Logger,
  registry: HandlerRegistry,
  metrics: ReturnType<typeof createReceiverMetrics>,
): EntityHandOff {
  return createEntityHandOff({
    registry,
    handlerDefaults: config.handlers,
    client,
    taskQueue: config.temporal.taskQueue,
    ordering: config.ordering,
    onOutcome: (outcome) => metrics.handOff(outcome),
    onFailure(error, event) {
      logger.warn(
        { err: error, eventId: event.eventId, fallbackMs: config.ordering.handOffFallbackMs },
        'could not hand the event to its entity: its workflow will queue itself after the fallback delay',
      );
    },
  });
}
