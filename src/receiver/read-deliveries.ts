/**
 * Turns one verified delivery into the events it carries, each ready to be kept verbatim in
 * its own workflow. Nothing here rejects: an authentic body that cannot be understood becomes
 * a malformed event, kept for an operator, because Podium pauses the whole stream while it
 * retries a non-200 — a permanent problem must never answer non-200.
 */
import { readEnvelope } from '../podium/envelope';
import { compareByResourceTime, resourceTimeOfJson } from '../podium/ordering';
import { isUsableName, sha256Hex, usableId } from '../temporal/usable-id';
import { withinPayloadLimit } from '../temporal/payload-limit';
import type { ReceivedEvent } from '../../workflows/shared';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function eventIdFor(
  uid: string | undefined,
  bytes: Buffer | string,
): Pick<ReceivedEvent, 'eventId' | 'eventIdSource'> {
  if (uid !== undefined) return { eventId: usableId(uid), eventIdSource: 'podium' };
  // Podium documents no event id: a retry of the same event carries the same body, so the
  // body's hash is a stable id for it.
  return { eventId: `sha256-${sha256Hex(bytes)}`, eventIdSource: 'body-hash' };
}

export interface DeliveryContext {
  signatureHeaders: Record<string, string>;
  signedAt: Date;
  receivedAt: Date;
}

export function readDeliveries(raw: Buffer, context: DeliveryContext): ReceivedEvent[] {
  // However its bytes escape as JSON, each event must fit in one Temporal payload, or Temporal
  // would refuse its start on every retry.
  return eventsOf(raw, context).map((event) => withinPayloadLimit(event));
}

function eventsOf(raw: Buffer, context: DeliveryContext): ReceivedEvent[] {
  const base = {
    signatureHeaders: context.signatureHeaders,
    signedAt: context.signedAt.toISOString(),
    receivedAt: context.receivedAt.toISOString(),
  };
  const malformed = (
    reason: string,
    body: string,
    bodyEncoding: ReceivedEvent['bodyEncoding'],
  ): ReceivedEvent => ({
    ...eventIdFor(undefined, raw),
    eventType: null,
    body,
    bodyEncoding,
    batch: null,
    malformedReason: reason,
    ...base,
  });

  let text: string;
  try {
    text = strictUtf8.decode(raw);
  } catch {
    return [malformed('body is not UTF-8 text', raw.toString('base64'), 'base64')];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [malformed('body is not JSON', text, 'utf8')];
  }

  if (!Array.isArray(json)) return [eventFrom(json, text, raw, null, base)];
  // The seeds' batch form: each element is its own event, started in resource-time order.
  const deliveryBodySha256 = sha256Hex(raw);
  return (json as unknown[])
    .map((element, index) => ({ element, index, time: resourceTimeOfJson(element) }))
    .sort((a, b) => compareByResourceTime(a.time, b.time) || a.index - b.index)
    .map(({ element, index }) => {
      const body = JSON.stringify(element) ?? 'null';
      return eventFrom(
        element,
        body,
        body,
        { index, deliveryBody: text, deliveryBodySha256 },
        base,
      );
    });
}

function eventFrom(
  json: unknown,
  body: string,
  bytesForId: Buffer | string,
  batch: ReceivedEvent['batch'],
  base: Pick<ReceivedEvent, 'signatureHeaders' | 'signedAt' | 'receivedAt'>,
): ReceivedEvent {
  const envelope = readEnvelope(json);
  const isObject = typeof json === 'object' && json !== null && !Array.isArray(json);
  // The type becomes a search-attribute value and a log field: it must be a name.
  const eventType =
    envelope.eventType !== undefined && isUsableName(envelope.eventType)
      ? envelope.eventType
      : null;
  const malformedReason = !isObject
    ? 'body is not a JSON object'
    : envelope.eventType === undefined
      ? 'no event type (metadata.eventType)'
      : eventType === null
        ? 'event type is not a name: printable ASCII, at most 200 characters (metadata.eventType)'
        : null;
  return {
    ...eventIdFor(envelope.eventUid, bytesForId),
    eventType,
    body,
    bodyEncoding: 'utf8',
    batch,
    malformedReason,
    ...base,
  };
}
