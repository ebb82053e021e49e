/**
 * Turns one verified delivery into the events it carries, each ready to be kept verbatim in
 * its own workflow. Nothing here rejects and nothing throws: an authentic body that cannot be
 * understood becomes a malformed event, kept for an operator, because Podium pauses the whole
 * stream while it retries a non-200 — a permanent problem must never answer non-200.
 */
import { bodyTextOf, jsonTextOf, parseJsonText } from '../podium/body-text';
import { readEnvelope } from '../podium/envelope';
import { compareByResourceTime, resourceTimeOfJson } from '../podium/ordering';
import { isSearchableName, SEARCHABLE_NAME_RULE, sha256Hex, usableId } from '../temporal/usable-id';
import { withinPayloadLimit } from '../temporal/payload-limit';
import type { ReceivedEvent } from '../../workflows/shared';
import { arrayElementTexts } from './batch-elements';

export interface DeliveryContext {
  signatureHeaders: Record<string, string>;
  signedAt: Date;
  receivedAt: Date;
}

type Received = Pick<ReceivedEvent, 'signatureHeaders' | 'signedAt' | 'receivedAt'>;

export function readDeliveries(raw: Buffer, context: DeliveryContext): ReceivedEvent[] {
  const received: Received = {
    signatureHeaders: context.signatureHeaders,
    signedAt: context.signedAt.toISOString(),
    receivedAt: context.receivedAt.toISOString(),
  };
  // However its bytes escape as JSON, each event must fit in one Temporal payload, or Temporal
  // would refuse its start on every retry.
  try {
    return eventsOf(raw, received).map((event) => withinPayloadLimit(event));
  } catch (error) {
    // Unforeseen input must still be kept, never answered 503 on every retry.
    const reason = `body could not be read: ${error instanceof Error ? error.name : 'error'}`;
    return [malformed(reason, raw.toString('base64'), 'base64', raw, received)];
  }
}

function eventsOf(raw: Buffer, received: Received): ReceivedEvent[] {
  const text = bodyTextOf(raw);
  if (text === undefined) {
    return [malformed('body is not UTF-8 text', raw.toString('base64'), 'base64', raw, received)];
  }
  const json = parseJsonText(text);
  if (!json.ok) return [malformed('body is not JSON', text, 'utf8', raw, received)];
  if (!Array.isArray(json.json)) return [eventFrom(json.json, text, raw, received)];
  // Authentic but with nothing in it: kept and parked like any body that cannot be understood.
  if (json.json.length === 0) {
    return [malformed('empty batch: the JSON array holds no events', text, 'utf8', raw, received)];
  }
  return batchOf(json.json as unknown[], text, raw, received);
}

/**
 * The seeds' batch form: each element is its own event, with its own bytes, started in
 * resource-time order. The whole delivery is kept once, by the first started: it is the
 * first to be durable, and a redelivery starts the same one first.
 */
function batchOf(elements: unknown[], text: string, raw: Buffer, received: Received) {
  const texts = arrayElementTexts(jsonTextOf(text), elements.length);
  const deliveryBodySha256 = sha256Hex(raw);
  return elements
    .map((element, index) => ({ index, ...readElement(element, texts[index]!, received) }))
    .sort((a, b) => compareByResourceTime(a.time, b.time) || a.index - b.index)
    .map(({ index, event }, position) => ({
      ...event,
      batch: { index, deliveryBodySha256, deliveryBody: position === 0 ? text : null },
    }));
}

/** One element: whatever in it cannot be read makes it malformed, not the others. */
function readElement(json: unknown, body: string, received: Received) {
  try {
    return { event: eventFrom(json, body, body, received), time: resourceTimeOfJson(json) };
  } catch (error) {
    const reason = `event could not be read: ${error instanceof Error ? error.name : 'error'}`;
    return { event: malformed(reason, body, 'utf8', body, received), time: undefined };
  }
}

function eventIdFor(
  uid: string | undefined,
  bytes: Buffer | string,
): Pick<ReceivedEvent, 'eventId' | 'eventIdSource'> {
  if (uid !== undefined) return { eventId: usableId(uid), eventIdSource: 'podium' };
  // Podium documents no event id: a retry of the same event carries the same body, so the
  // body's hash is a stable id for it.
  return { eventId: `sha256-${sha256Hex(bytes)}`, eventIdSource: 'body-hash' };
}

function malformed(
  reason: string,
  body: string,
  bodyEncoding: ReceivedEvent['bodyEncoding'],
  bytesForId: Buffer | string,
  received: Received,
): ReceivedEvent {
  return {
    ...eventIdFor(undefined, bytesForId),
    eventType: null,
    body,
    bodyEncoding,
    batch: null,
    malformedReason: reason,
    ...received,
  };
}

function eventFrom(
  json: unknown,
  body: string,
  bytesForId: Buffer | string,
  received: Received,
): ReceivedEvent {
  const envelope = readEnvelope(json);
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
  // The type becomes a search-attribute value and a log field: it must be a findable name.
  const eventType =
    envelope.eventType !== undefined && isSearchableName(envelope.eventType)
      ? envelope.eventType
      : null;
  const malformedReason = !isObject
    ? 'body is not a JSON object'
    : envelope.eventType === undefined
      ? 'no event type (metadata.eventType)'
      : eventType === null
        ? `event type is not a name: ${SEARCHABLE_NAME_RULE} (metadata.eventType)`
        : null;
  return {
    ...eventIdFor(envelope.eventUid, bytesForId),
    eventType,
    body,
    bodyEncoding: 'utf8',
    batch: null,
    malformedReason,
    ...received,
  };
}
