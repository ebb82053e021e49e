/** The Temporal worker: runs the event and entity workflows and the handler activities. */
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../../activities';
import type { HandlerRegistry } from '../../activities/handler-registry';
import type { ClusterSettings, Config } from '../config';
import { connectionOptions } from './connect';
import { handlerMetrics } from './handler-metrics';

export async function connectWorker(
  settings: ClusterSettings,
  address: string,
): Promise<NativeConnection> {
  // The native connection takes an API key only as a string.
  const { apiKey: _apiKey, ...options } = connectionOptions(settings, address);
  return NativeConnection.connect({
    ...options,
    ...(settings.apiKey ? { apiKey: settings.apiKey } : {}),
  });
}

export const WORKFLOWS_PATH = fileURLToPath(new URL('../../workflows/index.ts', import.meta.url));

export interface PodiumWorkerOptions {
  connection: NativeConnection;
  /** A client for activities that start or signal workflows. */
  client: Client;
  config: Pick<Config, 'temporal' | 'handlers' | 'ordering'>;
  registry: HandlerRegistry;
  /** A prebuilt bundle (tests build one for the whole run); default: bundle at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  entityContinueAsNewAfterEvents?: number;
}

export async function createPodiumWorker(options: PodiumWorkerOptions): Promise<Worker> {
  const { config } = options;
  return Worker.create({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    interceptors: { activity: [handlerMetrics] },
    activities: createActivities({
      client: options.client,
      registry: options.registry,
      taskQueue: config.temporal.taskQueue,
      handlerDefaults: config.handlers,
      ordering: config.ordering,
      entityContinueAsNewAfterEvents: options.entityContinueAsNewAfterEvents ?? 10_000,
    }),
  });
}
