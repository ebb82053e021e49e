/**
 * Which entity an event belongs to, and the timestamps that order events of one entity
 * (the contract's id table). Pure: also used by workflow code.
 */
import type { PodiumEvent } from './schemas';
import { parsePodiumEvent } from './schemas';

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

const key = (kind: EntityKind, id: string | null | undefined): OrderingKey | undefined =>
  id ? { kind, id } : undefined;

export function orderingKeyOf(event: PodiumEvent): OrderingKey | undefined {
  switch (event.eventType.split('.')[0]) {
    case 'message': {
      const data = event.data as Extract<PodiumEvent, { eventType: 'message.received' }>['data'];
      return key('conversation', data.conversation?.uid);
    }
    case 'call': {
      const data = event.data as Extract<PodiumEvent, { eventType: 'call.completed' }>['data'];
      return key('conversation', data.conversationUid);
    }
    case 'contact': {
      const data = event.data as Extract<PodiumEvent, { eventType: 'contact.created' }>['data'];
      return key('contact', data.after?.uid ?? data.before?.uid);
    }
    case 'review': {
      const data = event.data as Extract<PodiumEvent, { eventType: 'review.created' }>['data'];
      return key('review', data.reviewUid ?? data.review?.uid ?? data.uid);
    }
    case 'invoice': {
      const data = event.data as Extract<PodiumEvent, { eventType: 'invoice.created' }>['data'];
      return key('invoice', data.invoiceUid ?? data.invoice?.uid ?? data.uid);
    }
    default:
      return undefined;
  }
}

export function formatOrderingKey(orderingKey: OrderingKey): string {
  return `${orderingKey.kind}:${orderingKey.id}`;
}

export function isCreationEvent(eventType: string): boolean {
  return Object.values(CREATION_TYPES).includes(eventType);
}

export function creationTypeFor(kind: EntityKind): string | undefined {
  return CREATION_TYPES[kind];
}

const parseable = (value: string | null | undefined): string | undefined =>
  typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? value : undefined;

/** The resource's own time of this change, used to order a buffer (a batch, an entity queue). */
export function resourceTimeOf(event: PodiumEvent): string | undefined {
  const data = event.data as Record<string, unknown> & {
    before?: { updatedAt?: string | null; createdAt?: string | null } | null;
    after?: { updatedAt?: string | null; createdAt?: string | null } | null;
  };
  const pick = (...values: unknown[]) => values.map((v) => parseable(v as string)).find(Boolean);
  switch (event.eventType.split('.')[0]) {
    case 'contact': {
      const contact = data.after ?? data.before;
      return pick(contact?.updatedAt, contact?.createdAt);
    }
    case 'invoice':
      return pick(data.updatedAt, data.paidAt, data.canceledAt, data.createdAt);
    case 'review':
      return pick(data.updatedAt, data.createdAt);
    case 'call':
      return pick(data.endedAt, data.startedAt);
    default:
      return pick(data.createdAt);
  }
}

/** When the entity itself was created: tells whether a missing `*.created` is old history. */
export function resourceCreatedAtOf(event: PodiumEvent): string | undefined {
  const data = event.data as {
    createdAt?: string | null;
    before?: { createdAt?: string | null } | null;
    after?: { createdAt?: string | null } | null;
  };
  if (event.eventType.startsWith('contact.'))
    return parseable((data.after ?? data.before)?.createdAt);
  if (event.eventType.startsWith('invoice.') || event.eventType.startsWith('review.'))
    return parseable(data.createdAt);
  return undefined;
}

export function compareByResourceTime(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return Date.parse(a) - Date.parse(b);
}

/** For the receiver, which orders a batch before any validation: lenient, never throws. */
export function resourceTimeOfJson(json: unknown): string | undefined {
  const parsed = parsePodiumEvent(json);
  return parsed.ok ? resourceTimeOf(parsed.event) : undefined;
}
