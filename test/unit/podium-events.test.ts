import { describe, expect, it } from 'vitest';
import { readEnvelope } from '../../src/podium/envelope';
import { PODIUM_EVENT_TYPES, familyOf, isPodiumEventType } from '../../src/podium/event-types';
import {
  compareByResourceTime,
  creationTypeFor,
  formatOrderingKey,
  isCreationEvent,
  orderingKeyOf,
  resourceCreatedAtOf,
  resourceTimeOf,
  resourceTimeOfJson,
} from '../../src/podium/ordering';
import { parsePodiumEvent, type PodiumEvent } from '../../src/podium/schemas';
import { podiumBody, podiumEvent } from '../support/podium-events';

function parsed(envelope: unknown): PodiumEvent {
  const result = parsePodiumEvent(envelope);
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}

function reasonFor(json: unknown): string | undefined {
  const result = parsePodiumEvent(json);
  return result.ok ? undefined : result.reason;
}

const created = '2026-01-01T10:00:00.000Z';
const updated = '2026-01-01T11:00:00.000Z';

describe('event types', () => {
  it('gives every Podium event type its family', () => {
    expect(PODIUM_EVENT_TYPES.map(familyOf)).not.toContain(undefined);
    expect(familyOf('invoice.refund_failed')).toBe('invoice');
    expect(familyOf('call.voicemail_left')).toBe('call');
  });

  it.each(['conversation.created', 'webchat.started', 'call.transcript_ready', 'contact'])(
    'does not know %s, which Podium does not send',
    (type) => {
      expect([isPodiumEventType(type), familyOf(type)]).toEqual([false, undefined]);
    },
  );
});

describe('parsePodiumEvent', () => {
  it.each(PODIUM_EVENT_TYPES)('parses a realistic %s', (eventType) => {
    const event = parsed(podiumEvent(eventType, { eventUid: 'e-1' }));
    expect(event).toMatchObject({ eventType, eventUid: 'e-1', version: '2021.04.01' });
  });

  it('types the data per event type', () => {
    const event = parsed(podiumEvent('contact.created', { uid: 'contact-1' }));
    if (event.eventType !== 'contact.created') throw new Error(event.eventType);
    expect([event.data.before, event.data.after?.uid]).toEqual([null, 'contact-1']);
  });

  it("reads Podium's own snake_case metadata spelling", () => {
    const event = parsed(podiumEvent('message.sent', { eventUid: 'e-2', spelling: 'snake' }));
    expect([event.eventType, event.eventUid]).toEqual(['message.sent', 'e-2']);
  });

  it('parses a body as the receiver sees it', () => {
    const body = podiumBody(podiumEvent('call.missed', { uid: 'call-1' }));
    expect(parsed(JSON.parse(body)).data).toMatchObject({ uid: 'call-1' });
  });

  it('keeps fields it does not know', () => {
    const event = parsed(podiumEvent('review.created', { data: { brandNewField: 42 } }));
    expect(event.data).toMatchObject({ brandNewField: 42 });
  });

  it('accepts null timestamps and a missing conversation', () => {
    const event = parsed(
      podiumEvent('invoice.disabled', { data: { paidAt: null, conversationUid: null } }),
    );
    expect(event.data).toMatchObject({ paidAt: null, conversationUid: null });
  });

  it.each(['conversation.created', 'webchat.started'])(
    'rejects the type %s, which Podium does not send, naming it',
    (eventType) => {
      expect(parsePodiumEvent({ data: { uid: 'x' }, metadata: { eventType } })).toEqual({
        ok: false,
        reason: `unknown event type "${eventType}"`,
      });
    },
  );

  it('rejects a contact event with neither a before nor an after contact', () => {
    const json = {
      data: { before: null, after: null },
      metadata: { eventType: 'contact.deleted' },
    };
    expect(reasonFor(json)).toBe('contact.deleted: data: neither before nor after is a contact');
  });

  it('says which field is wrong', () => {
    const json = podiumEvent('contact.updated', { data: { after: { name: 'no uid' } } });
    expect(reasonFor(json)).toBe(
      'contact.updated: data.after.uid: expected string, received undefined',
    );
  });

  it.each([
    ['text', 'expected object, received string'],
    [[{ uid: 'm-1' }], 'expected object, received array'],
    [null, 'expected object, received null'],
  ])('rejects data that is not an object (%j)', (data, problem) => {
    expect(reasonFor({ data, metadata: { eventType: 'message.received' } })).toBe(
      `message.received: data: ${problem}`,
    );
  });

  it('rejects a resource without its uid', () => {
    expect(reasonFor({ data: {}, metadata: { eventType: 'invoice.created' } })).toBe(
      'invoice.created: data.uid: expected string, received undefined',
    );
  });

  // Rows are wrapped in arrays: it.each would spread an array row into arguments.
  it.each([
    [null],
    [[]],
    [[podiumEvent('message.sent')]],
    ['text'],
    [42],
    [true],
    [{}],
    [{ metadata: 'x' }],
  ])('never throws, and says there is no event type, for %j', (json: unknown) => {
    expect(parsePodiumEvent(json)).toEqual({
      ok: false,
      reason: 'no event type (metadata.eventType)',
    });
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

  it('reads top-level event_id and event_type', () => {
    expect(readEnvelope({ event_id: 'evt_2', event_type: 'call.missed' })).toMatchObject({
      eventUid: 'evt_2',
      eventType: 'call.missed',
    });
  });

  it("prefers Podium's metadata over the seeds' top-level fields", () => {
    const json = { id: 'seed', type: 'seed.type', metadata: { eventUid: 'm', event_type: 'x.y' } };
    expect(readEnvelope(json)).toMatchObject({ eventUid: 'm', eventType: 'x.y' });
  });

  it('counts only non-empty strings as ids and types', () => {
    expect(readEnvelope({ metadata: { eventUid: 7, eventType: '' }, type: {} })).toMatchObject({
      eventUid: undefined,
      eventType: undefined,
    });
  });

  it.each([[null], [[1, 2]], ['text'], [0]])('reads nothing from %j', (json: unknown) => {
    expect(readEnvelope(json)).toEqual({
      eventUid: undefined,
      eventType: undefined,
      data: undefined,
      version: undefined,
    });
  });
});

describe('ordering keys', () => {
  it.each([
    ['message.received', 'conversation:conv-1'],
    ['call.missed', 'conversation:conv-1'],
    ['contact.created', 'contact:res-1'],
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
    expect(orderingKeyOf(event)).toEqual({ kind: 'review', id: 'review-3' });
  });

  it('puts a payment on its invoice when it names one', () => {
    const event = parsed(
      podiumEvent('invoice.payment_created', { uid: 'payment-1', data: { invoice: { uid: 'i' } } }),
    );
    expect(orderingKeyOf(event)).toEqual({ kind: 'invoice', id: 'i' });
  });

  it('does not sequence a message without a conversation', () => {
    const event = parsed(podiumEvent('message.received', { data: { conversation: null } }));
    expect(orderingKeyOf(event)).toBeUndefined();
  });

  it('does not sequence a call without a conversation', () => {
    const event = parsed(podiumEvent('call.received', { data: { conversationUid: undefined } }));
    expect(orderingKeyOf(event)).toBeUndefined();
  });

  it('knows which events create their entity', () => {
    expect(['contact.created', 'review.created', 'invoice.created'].map(isCreationEvent)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['review.response_created', 'message.received'].map(isCreationEvent)).toEqual([
      false,
      false,
    ]);
  });

  it('names the creation event of each entity, none for a conversation', () => {
    expect(
      (['contact', 'review', 'invoice', 'conversation'] as const).map(creationTypeFor),
    ).toEqual(['contact.created', 'review.created', 'invoice.created', undefined]);
  });
});

describe('resource times', () => {
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

  it('orders an invoice without updatedAt by when it was paid', () => {
    const paidAt = '2026-01-02T09:00:00.000Z';
    const event = parsed(
      podiumEvent('invoice.marked_as_paid', { data: { updatedAt: null, paidAt } }),
    );
    expect(resourceTimeOf(event)).toBe(paidAt);
  });

  it('orders a call still without an end by its start', () => {
    const event = parsed(
      podiumEvent('call.received', { createdAt: created, data: { endedAt: null } }),
    );
    expect(resourceTimeOf(event)).toBe(created);
  });

  it('ignores a timestamp that does not parse', () => {
    const event = parsed(podiumEvent('message.received', { createdAt: 'soon' }));
    expect(resourceTimeOf(event)).toBeUndefined();
  });

  it.each([
    ['contact.updated', created],
    ['invoice.refund_created', created],
    ['review.updated', created],
    ['message.sent', undefined],
    ['call.completed', undefined],
  ])('tells when the entity of %s was created: %s', (eventType, expected) => {
    const event = parsed(podiumEvent(eventType, { createdAt: created, updatedAt: updated }));
    expect(resourceCreatedAtOf(event)).toBe(expected);
  });

  it('reads the time from raw JSON, and nothing from an invalid event', () => {
    expect(resourceTimeOfJson(podiumEvent('review.created', { updatedAt: updated }))).toBe(updated);
    expect(resourceTimeOfJson({ type: 'conversation.created', occurred_at: created })).toBe(
      undefined,
    );
    expect(resourceTimeOfJson(null)).toBeUndefined();
  });

  it('sorts earliest first and missing times last', () => {
    const times = [undefined, updated, created];
    expect(times.sort(compareByResourceTime)).toEqual([created, updated, undefined]);
  });

  it('treats equal, missing and unparseable times as ties among themselves', () => {
    expect(compareByResourceTime(created, '2026-01-01T11:00:00+01:00')).toBe(0);
    expect(compareByResourceTime(undefined, undefined)).toBe(0);
    expect(compareByResourceTime('soon', undefined)).toBe(0);
    expect(compareByResourceTime('soon', created)).toBeGreaterThan(0);
  });
});

describe('the podiumEvent fixture', () => {
  it('creates a contact from nothing and deletes it to nothing', () => {
    expect(podiumEvent('contact.created', { uid: 'c' }).data).toMatchObject({
      before: null,
      after: { uid: 'c' },
    });
    expect(podiumEvent('contact.deleted', { uid: 'c' }).data).toMatchObject({
      before: { uid: 'c' },
      after: null,
    });
  });

  it('gives every event a fresh uid and event uid unless told', () => {
    const [a, b] = [podiumEvent('message.sent'), podiumEvent('message.sent')];
    expect(a.data.uid).not.toBe(b.data.uid);
    expect(a.metadata.eventUid).not.toBe(b.metadata.eventUid);
  });

  it("spells metadata Podium's way when asked", () => {
    expect(podiumEvent('call.missed', { eventUid: 'e', spelling: 'snake' }).metadata).toEqual({
      event_type: 'call.missed',
      event_uid: 'e',
      version: '2021.04.01',
    });
  });
});
