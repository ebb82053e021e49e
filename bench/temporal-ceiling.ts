/**
 * The Temporal ceiling: starts event workflows directly with the receiver's own starter, no
 * HTTP in between, from a fixed number of concurrent loops — what Temporal can accept here.
 */
import type { Client } from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import { createEventStarter } from '../src/receiver/start-event';
import { directMessageEvent } from './direct-event';

export async function measureTemporalCeiling(
  client: Client,
  taskQueue: string,
  concurrency: number,
  durationSec: number,
): Promise<{ startsPerSecond: number; starts: number }> {
  const starter = createEventStarter(client, taskQueue, 4000);
  const deadline = performance.now() + durationSec * 1000;
  let starts = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const event = directMessageEvent();
        if ((await starter.start(event)).status === 'accepted') starts += 1;
      }
    }),
  );
  return { starts, startsPerSecond: starts / ((performance.now() - began) / 1000) };
}
