/** Real-server test harness: a client, a worker per test on its own task queue, a receiver. */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { HandlerRegistry } from '../../activities/handler-registry';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { listenReceiver, type RunningReceiver } from '../../src/receiver/listen';
import { createPodiumWorker } from '../../src/temporal/worker';
import { currentWorker, withCurrentWorker } from './current-registry';

export const TEST_SECRET = 'podium-test-secret';

// Workers log every state change at INFO; tests want only what went wrong.
Runtime.install({ logger: new DefaultLogger('ERROR') });

export interface Harness {
  client: Client;
  workerConnection: NativeConnection;
  close(): Promise<void>;
}

export async function connectHarness(): Promise<Harness> {
  const address = inject('temporalAddress');
  const connection = await Connection.connect({ address });
  const workerConnection = await NativeConnection.connect({ address });
  return {
    client: new Client({ connection, namespace: 'default' }),
    workerConnection,
    async close() {
      await workerConnection.close();
      await connection.close();
    },
  };
}

/** Connects before the file's tests run and closes after; call the returned function in tests. */
export function useHarness(): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await connectHarness();
  });
  afterAll(async () => {
    await harness?.close();
  });
  return () => {
    if (!harness) throw new Error('the harness connects in beforeAll');
    return harness;
  };
}

/** A config for one test: fast retries, its own task queue, everything else as in production. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    PODIUM_WEBHOOK_SECRET: TEST_SECRET,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    HANDLER_MAX_ATTEMPTS: '3',
    HANDLER_RETRY_INITIAL_INTERVAL: '50ms',
    HANDLER_RETRY_MAX_INTERVAL: '200ms',
    HANDLER_TIMEOUT: '10s',
    // An event's workflow sleeps until its entity reports: a short fallback keeps a test's
    // query of an event still queued behind another from waiting long.
    ENTITY_HANDOFF_FALLBACK: '5s',
    ...env,
  });
}

const NOOP_REGISTRY = new HandlerRegistry().onAny('noop', async () => Promise.resolve());

export interface WorkerRun {
  registry?: HandlerRegistry;
  entityContinueAsNewAfterEvents?: number;
}

/** Runs `body` while a worker for `config`'s task queue runs, then shuts the worker down. */
export async function withWorker<T>(
  harness: Harness,
  config: Config,
  run: WorkerRun,
  body: () => Promise<T>,
): Promise<T> {
  const worker = await createPodiumWorker({
    connection: harness.workerConnection,
    // As in production: activities call Temporal over the worker's native connection.
    client: new Client({ connection: harness.workerConnection, namespace: 'default' }),
    config,
    registry: run.registry ?? NOOP_REGISTRY,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    ...(run.entityContinueAsNewAfterEvents
      ? { entityContinueAsNewAfterEvents: run.entityContinueAsNewAfterEvents }
      : {}),
  });
  return worker.runUntil(
    withCurrentWorker(
      {
        registry: run.registry ?? NOOP_REGISTRY,
        entityContinueAsNewAfterEvents: run.entityContinueAsNewAfterEvents,
      },
      body,
    ),
  );
}

export async function withReceiver<T>(
  client: Client,
  config: Config,
  body: (receiver: RunningReceiver) => Promise<T>,
): Promise<T> {
  const receiver = await listenReceiver(
    config,
    client,
    createLogger('silent'),
    currentWorker()?.registry,
  );
  try {
    return await body(receiver);
  } finally {
    await receiver.close();
  }
}
