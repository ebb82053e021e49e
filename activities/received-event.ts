/** Reading an event back from what the event workflow keeps of it. */
import { parsePodiumEvent, type ParseResult } from '../src/podium/schemas';
import type { ReceivedEvent } from '../workflows/shared';

export function bodyBytesOf(event: ReceivedEvent): Buffer {
  return Buffer.from(event.body, event.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

/** Parses and validates the event's body; a failure says why, for the operator. */
export function parseReceivedEvent(event: ReceivedEvent): ParseResult {
  if (event.bodyEncoding !== 'utf8') return { ok: false, reason: 'body is not UTF-8 text' };
  let json: unknown;
  try {
    json = JSON.parse(event.body);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  return parsePodiumEvent(json);
}
