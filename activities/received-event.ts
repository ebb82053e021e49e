/** Reading an event back from what the event workflow keeps of it. */
import { bodyTextOf, parseJsonText } from '../src/podium/body-text';
import { parsePodiumEvent, type ParseResult } from '../src/podium/schemas';
import type { ReceivedEvent } from '../workflows/shared';

/** The bytes Podium signed for this event (a leading byte-order mark included). */
export function bodyBytesOf(event: ReceivedEvent): Buffer {
  return Buffer.from(event.body, event.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/** Parses and validates the event's body; a failure says why, for the operator. */
export function parseReceivedEvent(event: ReceivedEvent): ParseResult {
  // A body kept as base64 may still be UTF-8 text (kept so for its size).
  const text = event.bodyEncoding === 'utf8' ? event.body : bodyTextOf(bodyBytesOf(event));
  if (text === undefined) return { ok: false, reason: 'body is not UTF-8 text' };
  const json = parseJsonText(text);
  if (!json.ok) return { ok: false, reason: 'body is not JSON' };
  return parsePodiumEvent(json.json);
}
