/**
 * The handler registry (and entity settings) of the worker a test runs (`withWorker`). The
 * test's receiver and `startEvent` plan events with it and hand them to their entities, as a
 * receiver deployed beside those workers does (src/receiver/entity-hand-off.ts).
 */
import type { HandlerRegistry } from '../../activities/handler-registry';

export interface CurrentWorker {
  registry: HandlerRegistry;
  entityContinueAsNewAfterEvents?: number;
}

const running: CurrentWorker[] = [];

export function withCurrentWorker<T>(
  worker: CurrentWorker,
  body: () => Promise<T>,
): () => Promise<T> {
  return async () => {
    running.push(worker);
    try {
      return await body();
    } finally {
      running.splice(running.lastIndexOf(worker), 1);
    }
  };
}

/** The innermost worker running; undefined outside `withWorker`. */
export function currentWorker(): CurrentWorker | undefined {
  return running.at(-1);
}
