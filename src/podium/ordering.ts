/**
 * Which entity an event belongs to, and the timestamps that order events of one entity
 * (the id table in ../shared/podium-contract.md). Pure and deterministic: no Node built-ins
 * and no clock (src/podium is held to workflow rules).
 */
import { isEventOfFamily, parsePodiumEvent, type PodiumEvent } from './schemas';

export type EntityKind = 'contact' | 'conversation' | 'review' | 'invoice';

export interface OrderingKey {
  kind: EntityKind;
  id: string;
}

const CREATION_TYPES: Record<EntityKind, string | undefined> = {
  contact: 'contact.created',
  review: 'review.created',
  invoice: 'invoice.created',
  // Podium sends no conversation.created: conversation events are sequenced by time only.
  conversation: undefined,
};

function keyOf(kind: EntityKind, id: string | null | undefined): OrderingKey | undefined {
  return id ? { kind, id } : undefined;
}

export function orderingKeyOf(event: PodiumEvent): OrderingKey | undefined {
  if (isEventOfFamily(event, 'message')) return keyOf('conversation', event.data.conversation?.uid);
  if (isEventOfFamily(event, 'call')) return keyOf('conversation', event.data.conversationUid);
  if (isEventOfFamily(event, 'contact'))
    return keyOf('contact', event.data.after?.uid ?? event.data.before?.uid);
  if (isEventOfFamily(event, 'review')) {
    const { reviewUid, review, uid } = event.data;
    return keyOf('review', reviewUid ?? review?.uid ?? uid);
  }
  if (isEventOfFamily(event, 'invoice')) {
    const { invoiceUid, invoice, uid } = event.data;
    return keyOf('invoice', invoiceUid ?? invoice?.uid ?? uid);
  }
  return undefined;
}

/** `contact:<id>`: the value of the ordering-key search attribute and part of workflow ids. */
export function formatOrderingKey(orderingKey: OrderingKey): string {
  return `${orderingKey.kind}:${orderingKey.id}`;
}

export function isCreationEvent(eventType: string): boolean {
  return Object.values(CREATION_TYPES).includes(eventType);
}

export function creationTypeFor(kind: EntityKind): string | undefined {
  return CREATION_TYPES[kind];
}

function isParseableTime(value: string | null | undefined): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}

/** The first candidate that Date.parse understands. */
function firstTime(...candidates: (string | null | undefined)[]): string | undefined {
  return candidates.find(isParseableTime);
}

/** The resource's own time of this change, used to order a buffer (a batch, an entity queue). */
export function resourceTimeOf(event: PodiumEvent): string | undefined {
  if (isEventOfFamily(event, 'message')) return firstTime(event.data.createdAt);
  if (isEventOfFamily(event, 'contact')) {
    const contact = event.data.after ?? event.data.before;
    return firstTime(contact?.updatedAt, contact?.createdAt);
  }
  if (isEventOfFamily(event, 'invoice')) {
    const { updatedAt, paidAt, canceledAt, createdAt } = event.data;
    return firstTime(updatedAt, paidAt, canceledAt, createdAt);
  }
  if (isEventOfFamily(event, 'review'))
    return firstTime(event.data.updatedAt, event.data.createdAt);
  if (isEventOfFamily(event, 'call')) return firstTime(event.data.endedAt, event.data.startedAt);
  return undefined;
}

/** When the entity itself was created: tells whether a missing `*.created` is old history. */
export function resourceCreatedAtOf(event: PodiumEvent): string | undefined {
  if (isEventOfFamily(event, 'contact'))
    return firstTime((event.data.after ?? event.data.before)?.createdAt);
  if (isEventOfFamily(event, 'invoice') || isEventOfFamily(event, 'review'))
    return firstTime(event.data.createdAt);
  return undefined;
}

/** Earliest first; a missing (or unparseable) time sorts last, so the comparator stays total. */
export function compareByResourceTime(a: string | undefined, b: string | undefined): number {
  const left = a === undefined ? Number.NaN : Date.parse(a);
  const right = b === undefined ? Number.NaN : Date.parse(b);
  if (Number.isNaN(left) || Number.isNaN(right))
    return Number(Number.isNaN(left)) - Number(Number.isNaN(right));
  return left - right;
}

/** For the receiver, which orders a batch before any validation: lenient, never throws. */
export function resourceTimeOfJson(json: unknown): string | undefined {
  const parsed = parsePodiumEvent(json);
  return parsed.ok ? resourceTimeOf(parsed.event) : undefined;
}
