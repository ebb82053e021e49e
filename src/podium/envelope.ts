/**
 * Podium's envelope: `{ data, metadata: { eventType, eventUid, version } }`. Podium's own
 * example spells the keys `event_type`/`event_uid`; the seeds put `id`/`type` at the top.
 * All are read; only non-empty strings count. Never throws.
 */
export interface EnvelopeFields {
  eventUid: string | undefined;
  eventType: string | undefined;
  data: unknown;
  version: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function readEnvelope(json: unknown): EnvelopeFields {
  const body = record(json);
  const metadata = record(body.metadata);
  return {
    eventUid:
      text(metadata.eventUid) ?? text(metadata.event_uid) ?? text(body.event_id) ?? text(body.id),
    eventType:
      text(metadata.eventType) ??
      text(metadata.event_type) ??
      text(body.event_type) ??
      text(body.type),
    data: body.data,
    version: text(metadata.version),
  };
}
