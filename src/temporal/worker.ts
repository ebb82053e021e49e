/** The Temporal worker: runs the event and entity workflows and the handler activities. */
import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { fileURLToPath } from 'node:url';
import { createActivities } from '../../activities';
import type { HandlerRegistry } from '../../activities/handler-registry';
import { ENTITY_CONTINUE_AS_NEW_AFTER_EVENTS } from '../../activities/ordering';
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
  config: Pick<Config, 'temporal' | 'handlers' | 'ordering' | 'worker'>;
  registry: HandlerRegistry;
  /** A prebuilt bundle (tests build one for the whole run); default: bundle at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  entityContinueAsNewAfterEvents?: number;
}

/** The SDK's own default, lowered only when the cache is smaller (it may not exceed the cache). */
const MAX_CONCURRENT_WORKFLOW_TASKS = 40;

export async function createPodiumWorker(options: PodiumWorkerOptions): Promise<Worker> {
  const { config } = options;
  const { maxCachedWorkflows } = config.worker;
  return Worker.create({
    connection: options.connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    // The SDK sizes its cache from the heap limit (~2,300 workflows on a 4 GiB heap), so every
    // parked workflow stayed in memory. Bounded, the least recently used are evicted: a parked
    // event is idle, and replays from its history when a retry or discard reaches it.
    maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: Math.min(
      MAX_CONCURRENT_WORKFLOW_TASKS,
      maxCachedWorkflows,
    ),
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    interceptors: {
      activity: [
        handlerMetrics(
          (name) =>
            options.registry.all().find((handler) => handler.name === name)?.options.retry
              ?.maximumAttempts ?? config.handlers.retry.maximumAttempts,
        ),
      ],
    },
    activities: createActivities({
      client: options.client,
      registry: options.registry,
      taskQueue: config.temporal.taskQueue,
      handlerDefaults: config.handlers,
      ordering: config.ordering,
      entityContinueAsNewAfterEvents:
        options.entityContinueAsNewAfterEvents ?? ENTITY_CONTINUE_AS_NEW_AFTER_EVENTS,
    }),
  });
}
