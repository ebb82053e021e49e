/**
 * How long each event's record stayed open end to end: from the start the receiver's answer
 * waited on to the close after its handler's effect, by Temporal's own start and close times.
 * What an on-call engineer asks of a backlog: how long after Podium's delivery did it happen.
 */
import type { Client } from '@temporalio/client';
import { percentile } from '../src/simulator/podium-streams';
import { eventQuery } from '../src/temporal/visibility-query';

export interface RecordLatency {
  p50: number;
  p90: number;
  max: number;
}

/** Over the done event workflows of one task queue, in seconds. */
export async function acceptedToDoneSeconds(
  client: Client,
  taskQueue: string,
): Promise<RecordLatency> {
  const query = eventQuery({ taskQueue, status: 'done' });
  const seconds: number[] = [];
  for await (const execution of client.workflow.list({ query, pageSize: 1000 }))
    if (execution.closeTime)
      seconds.push((execution.closeTime.getTime() - execution.startTime.getTime()) / 1000);
  return {
    p50: percentile(seconds, 50),
    p90: percentile(seconds, 90),
    max: percentile(seconds, 100),
  };
}
