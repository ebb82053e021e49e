/** Events the benchmark hands to Temporal directly, as the receiver would have read them. */
import { randomUUID } from 'node:crypto';
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
