/**
 * What Temporal accepts as one payload. The event workflow's input is the event as JSON, and a
 * body heavy in quotes, backslashes or control characters grows up to sixfold as an escaped
 * JSON string; past the limit Temporal refuses the start, on every retry. Only then is the
 * event kept differently: its body as base64 (4/3 of its bytes, whatever they are), and if the
 * batch element that keeps the whole delivery still does not fit, without that copy (its
 * SHA-256 stays on every element). Nothing of the event itself is lost.
 */
import type { ReceivedEvent } from '../../workflows/shared';

/** Temporal's default `limit.blobSize.error`: 2 MiB per payload. */
export const TEMPORAL_PAYLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

/** Room kept for everything but the body: signature headers (Node caps all headers at 16 KiB), ids, times. */
const ROOM_FOR_THE_REST = 64 * 1024;

/** What the event's bodies may take of a payload. */
const ROOM_FOR_THE_BODIES = TEMPORAL_PAYLOAD_LIMIT_BYTES - ROOM_FOR_THE_REST;

/** The largest body whose event always fits once kept as base64: the bound on MAX_BODY_BYTES. */
export const MAX_KEEPABLE_BODY_BYTES = Math.floor((ROOM_FOR_THE_BODIES * 3) / 4);

/** The event's size as Temporal's JSON payload converter writes it. */
export function payloadBytes(event: ReceivedEvent): number {
  return Buffer.byteLength(JSON.stringify(event), 'utf8');
}

/**
 * A bound on what the bodies take as escaped JSON, without serializing them: JSON writes one
 * UTF-16 unit as at most six bytes (`\u0001`). Podium-sized events stay far below the room.
 */
function mostBodyBytes(event: ReceivedEvent): number {
  return 6 * (event.body.length + (event.batch?.deliveryBody?.length ?? 0));
}

export function withinPayloadLimit(event: ReceivedEvent): ReceivedEvent {
  if (mostBodyBytes(event) <= ROOM_FOR_THE_BODIES) return event;
  if (payloadBytes(event) <= ROOM_FOR_THE_BODIES) return event;
  const asBase64: ReceivedEvent =
    event.bodyEncoding === 'base64'
      ? event
      : {
          ...event,
          body: Buffer.from(event.body, 'utf8').toString('base64'),
          bodyEncoding: 'base64',
        };
  if (asBase64.batch === null || payloadBytes(asBase64) <= ROOM_FOR_THE_BODIES) return asBase64;
  return { ...asBase64, batch: { ...asBase64.batch, deliveryBody: null } };
}
