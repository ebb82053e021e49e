/**
 * The service's roles, composed by the entry points: everything in one process (`npm start`),
 * the receiver alone, or the worker alone — receivers and workers scale out separately.
 */
import { Client } from '@temporalio/client';
import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config';
import { createLogger, type Logger } from './logger';
import { listenReceiver } from './receiver/listen';
import { onShutdown } from './shutdown';
import { openTemporal } from './temporal/cluster';
import { prebuiltWorkflowBundle } from './temporal/workflow-bundle';

export type Role = 'all' | 'receiver' | 'worker';

async function startRole(role: Role, config: Config, logger: Logger): Promise<void> {
  const cluster = await openTemporal(config, logger, {
    embedded: role === 'all',
    pathVariable: process.env.PATH,
  });
  const steps: Array<() => Promise<void>> = [];
  let workerRun: Promise<void> | undefined;
  // Receivers plan events with the workers' registry (the same module, the same config).
  const { registerHandlers } = await import('../activities/handlers');
  const registry = registerHandlers(config);
  if (role !== 'worker') {
    const receiver = await listenReceiver(config, cluster.client, logger, registry);
    steps.push(() => receiver.close());
  }
  if (role !== 'receiver') {
    // Loaded only where a worker runs: a receiver-only process stays small (no webpack, no swc).
    const { installRuntime } = await import('./temporal/runtime');
    const { connectWorker, createPodiumWorker } = await import('./temporal/worker');
    installRuntime(logger);
    const connection = await connectWorker(config.temporal, cluster.address);
    const worker = await createPodiumWorker({
      connection,
      // Activities signal and start workflows over the worker's own native (Rust) connection:
      // a quarter less CPU per call than the JavaScript gRPC client, and no second connection.
      client: new Client({ connection, namespace: config.temporal.namespace }),
      config,
      registry,
      workflowBundle: prebuiltWorkflowBundle(config.temporal.workflowBundlePath),
    });
    workerRun = worker.run();
    logger.info({ taskQueue: config.temporal.taskQueue }, 'worker running');
    steps.push(async () => {
      worker.shutdown();
      await workerRun;
      await connection.close();
    });
  }
  steps.push(() => cluster.close());
  onShutdown(logger, steps);
  if (cluster.devServer) {
    logger.info(
      `Temporal Web UI: ${cluster.devServer.uiUrl}/namespaces/${config.temporal.namespace}/workflows`,
    );
  }
  await workerRun;
}

/** Entry point helper: load config, start the role, and fail with a clear message. */
export function main(role: Role, moduleUrl: string): void {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  startRole(role, config, logger).catch((error: unknown) => {
    logger.fatal({ err: error }, 'failed to start');
    process.exit(1);
  });
}
