/** Starts the receiver on its port with a Temporal client behind it. */
import type { Client } from '@temporalio/client';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { createReceiverApp } from './app';
import { createReceiverMetrics } from './metrics';
import { createEventStarter } from './start-event';

export interface RunningReceiver {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function listenReceiver(
  config: Config,
  client: Client,
  logger: Logger,
): Promise<RunningReceiver> {
  const metrics = createReceiverMetrics();
  const app = createReceiverApp({
    secrets: config.podium.secrets,
    toleranceMs: config.podium.toleranceMs,
    maxBodyBytes: config.http.maxBodyBytes,
    starter: metrics.timed(
      createEventStarter(client, config.temporal.taskQueue, config.temporal.startTimeoutMs),
    ),
    checkTemporal: async () => {
      await client.connection.withDeadline(Date.now() + 1000, () =>
        client.connection.workflowService.getSystemInfo({}),
      );
    },
    logger,
    metrics,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.http.port, config.http.host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    );
  });
  // Keep connections from Podium (and load balancers) alive longer than their idle timeout.
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? 'localhost' : config.http.host}:${port}`;
  logger.info({ url: `${url}/webhooks/podium` }, 'receiver listening');
  return {
    server,
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
