/**
 * Podium's event types, spelled exactly as Podium's reference lists them
 * (../shared/podium-contract.md). The seeds' `conversation.*` and `webchat.*` are not among
 * them: such events are unknown types, parked for an operator.
 */
export const CONTACT_EVENT_TYPES = [
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'contact.merged',
  'contact.unchanged',
] as const;
export const MESSAGE_EVENT_TYPES = ['message.received', 'message.sent', 'message.failed'] as const;
export const REVIEW_EVENT_TYPES = [
  'review.created',
  'review.updated',
  'review.invite_link_created',
  'review.invite_link_updated',
  'review.response_created',
  'review.response_updated',
] as const;
export const INVOICE_EVENT_TYPES = [
  'invoice.created',
  'invoice.disabled',
  'invoice.marked_as_paid',
  'invoice.payment_created',
  'invoice.payment_failed',
  'invoice.payment_succeeded',
  'invoice.refund_created',
  'invoice.refund_failed',
] as const;
export const CALL_EVENT_TYPES = [
  'call.completed',
  'call.missed',
  'call.received',
  'call.voicemail_left',
] as const;

export const PODIUM_EVENT_TYPES = [
  ...CONTACT_EVENT_TYPES,
  ...MESSAGE_EVENT_TYPES,
  ...REVIEW_EVENT_TYPES,
  ...INVOICE_EVENT_TYPES,
  ...CALL_EVENT_TYPES,
] as const;

export type PodiumEventType = (typeof PODIUM_EVENT_TYPES)[number];
export type EventFamily = 'contact' | 'message' | 'review' | 'invoice' | 'call';

export function isPodiumEventType(value: string): value is PodiumEventType {
  return (PODIUM_EVENT_TYPES as readonly string[]).includes(value);
}

export function familyOf(eventType: string): EventFamily | undefined {
  return isPodiumEventType(eventType) ? (eventType.split('.')[0] as EventFamily) : undefined;
}
