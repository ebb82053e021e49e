/**
 * The floor, end to end: a burst of `events` empty workflows, started directly (no HTTP) from
 * a fixed number of concurrent loops, each carrying a Podium-sized event, until every one has
 * closed. Completions per second and the CPU each one cost the server and its worker.
 */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMs } from '../cpu';
import { messageBody } from '../load';

const GIVE_UP_AFTER_MS = 600_000;

export interface FloorResult {
  events: number;
  seconds: number;
  completionsPerSecond: number;
  cpuMsPerEvent: { server: number; worker: number };
}

export async function measureEmptyWorkflowFloor(
  client: Client,
  taskQueue: string,
  { events, concurrency, pids }: { events: number; concurrency: number; pids: FloorPids },
): Promise<FloorResult> {
  const cpuBefore = cpuOf(pids);
  const began = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events) {
        next += 1;
        await client.workflow.start('emptyEventWorkflow', {
          taskQueue,
          workflowId: `floor-${randomUUID()}`,
          args: [{ eventType: 'message.received', body: messageBody() }],
        });
      }
    }),
  );
  const query = `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Completed'`;
  let done = 0;
  // Bounded as end to end is: a floor that never completes reports what did.
  while (done < events && Date.now() - began < GIVE_UP_AFTER_MS) {
    await sleep(500);
    done = (await client.workflow.count(query)).count;
  }
  const seconds = (Date.now() - began) / 1000;
  const cpuAfter = cpuOf(pids);
  const perEvent = (ms: number) => (done > 0 ? ms / done : 0);
  return {
    events: done,
    seconds,
    completionsPerSecond: done / seconds,
    cpuMsPerEvent: {
      server: perEvent(cpuAfter.server - cpuBefore.server),
      worker: perEvent(cpuAfter.worker - cpuBefore.worker),
    },
  };
}

/** The processes whose CPU a floor phase is charged to; no server pid on a remote cluster. */
export interface FloorPids {
  server: number | undefined;
  worker: number;
}

const cpuOf = ({ server, worker }: FloorPids) => ({
  server: server ? cpuMs(server) : 0,
  worker: cpuMs(worker),
});
