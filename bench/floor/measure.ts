/**
 * The floor, end to end: a burst of `events` empty workflows, started directly (no HTTP) from
 * a fixed number of concurrent loops, each carrying a Podium-sized event, until every one has
 * closed. Completions per second and the CPU each one cost the server and its worker.
 */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { cpuPerEvent, type PhasePids } from '../cpu';
import { countWhenDone } from '../done-count';
import { messageBody } from '../load';

export interface FloorResult {
  events: number;
  seconds: number;
  completionsPerSecond: number;
  cpuMsPerEvent: { server: number; worker: number };
}

export async function measureEmptyWorkflowFloor(
  client: Client,
  taskQueue: string,
  { events, concurrency, pids }: { events: number; concurrency: number; pids: PhasePids },
): Promise<FloorResult> {
  const cpu = cpuPerEvent(pids);
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
  const done = await countWhenDone(client, query, events, began);
  const seconds = (Date.now() - began) / 1000;
  return { events: done, seconds, completionsPerSecond: done / seconds, cpuMsPerEvent: cpu(done) };
}
