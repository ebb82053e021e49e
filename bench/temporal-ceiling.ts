/**
 * The Temporal ceiling: starts event workflows directly with the receiver's own starter, no
 * HTTP in between, from a fixed number of concurrent loops — what Temporal can accept here.
 */
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createEventStarter } from '../src/receiver/start-event';
import type { ReceivedEvent } from '../workflows/shared';
import { messageBody } from './load';

/** An event as the receiver would have read it from a delivery (no signature headers kept). */
export function receivedEvent(eventId: string, eventType: string, body: string): ReceivedEvent {
  const now = new Date().toISOString();
  return {
    eventId,
    eventIdSource: 'podium',
    eventType,
    body,
    bodyEncoding: 'utf8',
    batch: null,
    signatureHeaders: {},
    signedAt: now,
    receivedAt: now,
    malformedReason: null,
  };
}

/** A message of a conversation of its own. */
export const directMessageEvent = (): ReceivedEvent =>
  receivedEvent(randomUUID(), 'message.received', messageBody());

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
