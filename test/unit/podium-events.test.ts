import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../src/podium/envelope';
import { PODIUM_EVENT_TYPES, familyOf } from '../../src/podium/event-types';
import {
  compareByResourceTime,
  creationTypeFor,
  formatOrderingKey,
  isCreationEvent,
  orderingKeyOf,
  resourceCreatedAtOf,
  resourceTimeOf,
} from '../../src/podium/ordering';
import { parsePodiumEvent, type PodiumEvent } from '../../src/podium/schemas';
import { podiumEvent } from '../support/podium-events';

function parsed(envelope: unknown): PodiumEvent {
  const result = parsePodiumEvent(envelope);
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

describe('parsePodiumEvent', () => {
  it.each(PODIUM_EVENT_TYPES)('parses a realistic %s', (eventType) => {
    const event = parsed(podiumEvent(eventType, { eventUid: 'e-1' }));
    expect(event.eventType).toBe(eventType);
    expect(event.eventUid).toBe('e-1');
  });

  it("reads Podium's own snake_case metadata spelling", () => {
    const event = parsed(podiumEvent('message.sent', { eventUid: 'e-2', spelling: 'snake' }));
    expect([event.eventType, event.eventUid]).toEqual(['message.sent', 'e-2']);
  });

  it('keeps fields it does not know', () => {
    const event = parsed(podiumEvent('review.created', { data: { brandNewField: 42 } }));
    expect((event.data as Record<string, unknown>).brandNewField).toBe(42);
  });

  it('rejects an event type Podium does not send, naming it', () => {
    expect(parsePodiumEvent({ data: {}, metadata: { eventType: 'conversation.created' } })).toEqual(
      {
        ok: false,
        reason: 'unknown event type "conversation.created"',
      },
    );
  });

  it('rejects a contact event with neither a before nor an after contact', () => {
    const result = parsePodiumEvent({
      data: { before: null, after: null },
      metadata: { eventType: 'contact.deleted' },
    });
    expect(result).toEqual({
      ok: false,
      reason: 'contact.deleted: data: neither before nor after is a contact',
    });
  });

  it('rejects data of the wrong shape, saying where', () => {
    const result = parsePodiumEvent({ data: 'text', metadata: { eventType: 'message.received' } });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^message\.received: data: /);
    const noUid = parsePodiumEvent({ data: {}, metadata: { eventType: 'invoice.created' } });
    expect(!noUid.ok && noUid.reason).toMatch(/^invoice\.created: data\.uid: /);
  });

  it.each([null, [], 'text', 42, {}, { metadata: 'x' }])('never throws for %j', (json) => {
    expect(parsePodiumEvent(json).ok).toBe(false);
  });
});

describe('readEnvelope', () => {
  it("falls back to the seeds' top-level id and type", () => {
    expect(readEnvelope({ id: 'evt_1', type: 'review.created', data: { uid: 'r' } })).toEqual({
      eventUid: 'evt_1',
      eventType: 'review.created',
      data: { uid: 'r' },
      version: undefined,
    });
  });

  it('counts only non-empty strings as ids and types', () => {
    expect(readEnvelope({ metadata: { eventUid: 7, eventType: '' } })).toMatchObject({
      eventUid: undefined,
      eventType: undefined,
    });
  });
});

describe('ordering keys', () => {
  it.each([
    ['message.received', 'conversation:conv-1'],
    ['call.missed', 'conversation:conv-1'],
    ['contact.updated', 'contact:res-1'],
    ['contact.deleted', 'contact:res-1'],
    ['review.response_created', 'review:res-1'],
    ['invoice.payment_succeeded', 'invoice:res-1'],
  ])('puts %s on %s', (eventType, key) => {
    const event = parsed(podiumEvent(eventType, { uid: 'res-1', conversationUid: 'conv-1' }));
    expect(formatOrderingKey(orderingKeyOf(event)!)).toBe(key);
  });

  it('puts a review response on its review when it names one', () => {
    const event = parsed(
      podiumEvent('review.response_created', {
        uid: 'response-9',
        data: { reviewUid: 'review-3' },
      }),
    );
    expect(formatOrderingKey(orderingKeyOf(event)!)).toBe('review:review-3');
  });

  it('does not sequence a message without a conversation', () => {
    const event = parsed(podiumEvent('message.received', { data: { conversation: null } }));
    expect(orderingKeyOf(event)).toBeUndefined();
  });

  it('knows which events create their entity', () => {
    expect(['contact.created', 'review.created', 'invoice.created'].every(isCreationEvent)).toBe(
      true,
    );
    expect(isCreationEvent('review.response_created')).toBe(false);
    expect(creationTypeFor('contact')).toBe('contact.created');
    expect(creationTypeFor('conversation')).toBeUndefined();
  });
});

describe('resource times', () => {
  const created = '2026-01-01T10:00:00.000Z';
  const updated = '2026-01-01T11:00:00.000Z';

  it.each([
    ['contact.updated', updated],
    ['contact.deleted', updated],
    ['message.received', created],
    ['review.updated', updated],
    ['invoice.created', updated],
    ['call.completed', updated],
  ])('orders %s by %s', (eventType, expected) => {
    const event = parsed(podiumEvent(eventType, { createdAt: created, updatedAt: updated }));
    expect(resourceTimeOf(event)).toBe(expected);
  });

  it("tells when a contact's entity was created", () => {
    const event = parsed(
      podiumEvent('contact.updated', { createdAt: created, updatedAt: updated }),
    );
    expect(resourceCreatedAtOf(event)).toBe(created);
  });

  it('ignores a timestamp that does not parse', () => {
    const event = parsed(podiumEvent('message.received', { createdAt: 'soon' }));
    expect(resourceTimeOf(event)).toBeUndefined();
  });

  it('sorts missing times last', () => {
    const times = [undefined, updated, created];
    expect(times.sort(compareByResourceTime)).toEqual([created, updated, undefined]);
  });

  it('gives every event type a family', () => {
    expect(PODIUM_EVENT_TYPES.every((type) => familyOf(type) !== undefined)).toBe(true);
    expect(familyOf('webchat.started')).toBeUndefined();
  });
});
