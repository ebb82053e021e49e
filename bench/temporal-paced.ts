/**
 * Temporal alone at a paced rate: the receiver's own starter and entity hand-off, no HTTP, one
 * start every 1/rate s whatever the answers (as Podium's deliveries arrive). The latency of each
 * start is what a receiver's answer waits on: the part of the ack latency that is Temporal's.
 */
import type { Client } from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { registerHandlers } from '../activities/handlers';
import { loadConfig } from '../src/config';
import { createEntityHandOff } from '../src/receiver/entity-hand-off';
import { createEventStarter } from '../src/receiver/start-event';
import { directMessageEvent } from './direct-event';
import { latencySummary, type LoadResult } from './load';

export interface PacedStarts {
  rate: number;
  /** Starts accepted, and the seconds from the first start to the last answer. */
  starts: number;
  seconds: number;
  failed: number;
  latencyMs: LoadResult['latencyMs'];
}

/** @param fallback the hand-off fallback, as the acknowledgement phases' receiver has it */
export async function measurePacedStarts(
  client: Client,
  taskQueue: string,
  { rate, durationSec, fallback }: { rate: number; durationSec: number; fallback: string },
): Promise<PacedStarts> {
  const config = loadConfig({ PODIUM_WEBHOOK_SECRET: 'unused', ENTITY_HANDOFF_FALLBACK: fallback });
  const handOff = createEntityHandOff({
    registry: registerHandlers(config),
    handlerDefaults: config.handlers,
    client,
    taskQueue,
    ordering: config.ordering,
    onFailure: () => undefined,
  });
  const starter = createEventStarter(client, taskQueue, config.temporal.startTimeoutMs, handOff);
  const latencies: number[] = [];
  let failed = 0;
  const startOne = async () => {
    const began = performance.now();
    try {
      await starter.start(directMessageEvent());
      latencies.push(performance.now() - began);
    } catch {
      failed += 1;
    }
  };
  const pending: Promise<void>[] = [];
  const began = performance.now();
  const total = Math.round(rate * durationSec);
  for (let i = 0; i < total; i += 1) {
    const wait = began + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(startOne());
  }
  await Promise.all(pending);
  const seconds = (performance.now() - began) / 1000;
  await handOff.drain();
  return {
    rate,
    starts: latencies.length,
    seconds,
    failed,
    latencyMs: latencySummary(latencies),
  };
}
