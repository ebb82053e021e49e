/**
 * What the Web UI shows of an event before it opens it: a static summary (`contact.updated ·
 * contact:<uid>`) and static details (id, when received, signature form), set at the start so
 * that they cost no action and no write. Pure: it reads the envelope the receiver already has.
 */
import { bodyTextOf, parseJsonText } from '../podium/body-text';
import { formatOrderingKey, orderingKeyOf } from '../podium/ordering';
import { parsePodiumEvent } from '../podium/schemas';
import type { ReceivedEvent } from '../../workflows/shared';

/** `contact:<uid>`, or undefined when the body does not name one (or cannot be read). */
function entityOf(event: ReceivedEvent): string | undefined {
  const text =
    event.bodyEncoding === 'utf8' ? event.body : bodyTextOf(Buffer.from(event.body, 'base64'));
  if (text === undefined) return undefined;
  const json = parseJsonText(text);
  if (!json.ok) return undefined;
  const parsed = parsePodiumEvent(json.json);
  const key = parsed.ok ? orderingKeyOf(parsed.event) : undefined;
  return key && formatOrderingKey(key);
}

export function staticSummaryOf(event: ReceivedEvent): string {
  const type = event.eventType ?? 'malformed';
  if (event.malformedReason !== null) return `${type} · malformed: ${event.malformedReason}`;
  const entity = entityOf(event);
  return entity ? `${type} · ${entity}` : `${type} · no entity`;
}

/** Which headers carried the signature: Podium's documented pair, or the seeds' form. */
function signatureFormOf(headers: Record<string, string>): string {
  const names = Object.keys(headers).sort();
  return names.length > 0 ? names.join(' + ') : 'none';
}

/** Temporal markdown: one line per fact. */
export function staticDetailsOf(event: ReceivedEvent): string {
  const batch = event.batch ? ` (element ${event.batch.index} of a batch delivery)` : '';
  return [
    `**event id** ${event.eventId} (${event.eventIdSource === 'podium' ? 'metadata.eventUid' : 'SHA-256 of the body'})`,
    `**received at** ${event.receivedAt}${batch}`,
    `**signed at** ${event.signedAt}`,
    `**signature** ${signatureFormOf(event.signatureHeaders)}`,
  ].join('\n\n');
}
