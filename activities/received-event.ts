/** Reading an event back from what the event workflow keeps of it. */
import { parsePodiumEvent, type ParseResult } from '../src/podium/schemas';
import type { ReceivedEvent } from '../workflows/shared';

export function bodyBytesOf(event: ReceivedEvent): Buffer {
  return Buffer.from(event.body, event.bodyEncoding === 'base64' ? 'base64' : 'utf8');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses and validates the event's body; a failure says why, for the operator. */
export function parseReceivedEvent(event: ReceivedEvent): ParseResult {
  let text: string;
  try {
    // A body kept as base64 may still be UTF-8 text (kept so for its size).
    text = event.bodyEncoding === 'utf8' ? event.body : strictUtf8.decode(bodyBytesOf(event));
  } catch {
    return { ok: false, reason: 'body is not UTF-8 text' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'body is not JSON' };
  }
  return parsePodiumEvent(json);
}
