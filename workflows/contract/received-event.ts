/**
 * The receiver's contract with the event workflow: its id, derived from the event id, and its
 * input, everything Podium sent.
 */

/**
 * One event workflow per Podium event: the id is derived from the event id, so Temporal's
 * id reuse/conflict policies reject a redelivery atomically (no check-then-act race).
 */
export function eventWorkflowId(eventId: string): string {
  return `podium-event-${eventId}`;
}

/** Everything Podium sent for one event, kept verbatim so nothing authentic is ever lost. */
export interface ReceivedEvent {
  eventId: string;
  /** `podium`: metadata.eventUid; `body-hash`: SHA-256 of the raw bytes (Podium sent no id). */
  eventIdSource: 'podium' | 'body-hash';
  eventType: string | null;
  /**
   * This event's bytes exactly as signed: the raw delivery body, or for a batch element its
   * slice of the delivery (a leading byte-order mark included).
   */
  body: string;
  /**
   * `base64` when the bytes are not valid UTF-8, or when as escaped JSON text the event would
   * not fit in one Temporal payload (src/temporal/payload-limit.ts).
   */
  bodyEncoding: 'utf8' | 'base64';
  /**
   * For an element of a batch delivery: its index in the array and the SHA-256 of the whole
   * signed body. The body itself is kept once per delivery, by the element started first;
   * the others hold null, so a batch of 31 costs one delivery of history, not 31 (issue 12,
   * finding 5). It is null there too when keeping it would not fit in one Temporal payload.
   */
  batch: { index: number; deliveryBody: string | null; deliveryBodySha256?: string } | null;
  /** The signature headers exactly as received (podium-timestamp, podium-signature, …). */
  signatureHeaders: Record<string, string>;
  signedAt: string;
  receivedAt: string;
  /** Set when an authentic delivery could not be understood (not JSON, no event type…). */
  malformedReason: string | null;
}
