import { describe, expect, it } from 'vitest';
import {
  enqueueTicket,
  grantTurn,
  newEntityState,
  pickNextTurn,
  releaseTicket,
  type EntityState,
} from '../../workflows/ordering/entity-queue';
import type { TurnTicket } from '../../workflows/ordering/messages';

const HOLD = 10 * 60_000;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');

function contactState(): EntityState {
  return newEntityState({
    orderingKey: 'contact:c1',
    creationType: 'contact.created',
    holdTimeoutMs: HOLD,
    idleTimeoutMs: 3_600_000,
    holderCheckIntervalMs: 60_000,
    continueAsNewAfterEvents: 10_000,
  });
}

function ticket(
  eventId: string,
  eventType: string,
  resourceTime: string | null,
  resourceCreatedAt: string | null = null,
  eventRunId = 'run-1',
): TurnTicket {
  return {
    eventId,
    eventWorkflowId: `podium-event-${eventId}`,
    eventRunId,
    eventType,
    resourceTime,
    resourceCreatedAt,
    handlers: [],
    releaseTurnOnPark: false,
    latePolicy: 'run',
    event: null,
  };
}

/** Grants and releases turns until nothing can go; returns the order events ran in. */
function drain(state: EntityState, nowMs: number): string[] {
  const order: string[] = [];
  for (;;) {
    const next = pickNextTurn(state, nowMs);
    if (next.kind !== 'grant') return order;
    grantTurn(state, next.ticket, next.withoutPredecessor, nowMs);
    order.push(next.ticket.eventId);
    releaseTicket(state, next.ticket.eventId);
  }
}

describe('the entity queue', () => {
  it('grants created before an earlier-delivered deleted', () => {
    const state = contactState();
    const recent = new Date(NOW).toISOString();
    enqueueTicket(state, ticket('del', 'contact.deleted', '2026-06-01T11:59:00.000Z', recent), NOW);
    expect(pickNextTurn(state, NOW)).toEqual({ kind: 'wait', wakeAtMs: NOW + HOLD });
    enqueueTicket(
      state,
      ticket('new', 'contact.created', '2026-06-01T11:58:00.000Z', recent),
      NOW + 1,
    );
    expect(drain(state, NOW + 2)).toEqual(['new', 'del']);
    expect(state.ran.map((r) => r.withoutPredecessor)).toEqual([false, false]);
  });

  it('orders by resource time, and puts a deletion after an update with the same time', () => {
    const state = contactState();
    state.createdSeen = true;
    enqueueTicket(state, ticket('del', 'contact.deleted', '2026-06-01T11:00:02.000Z'), NOW);
    enqueueTicket(state, ticket('u2', 'contact.updated', '2026-06-01T11:00:02.000Z'), NOW);
    enqueueTicket(state, ticket('u1', 'contact.updated', '2026-06-01T11:00:01.000Z'), NOW);
    expect(drain(state, NOW)).toEqual(['u1', 'u2', 'del']);
  });

  it('holds a dependent event until the hold expires, then runs it without its predecessor', () => {
    const state = contactState();
    const recent = new Date(NOW - 1000).toISOString();
    enqueueTicket(state, ticket('u1', 'contact.updated', recent, recent), NOW);
    expect(pickNextTurn(state, NOW + HOLD - 1)).toEqual({ kind: 'wait', wakeAtMs: NOW + HOLD });
    const next = pickNextTurn(state, NOW + HOLD);
    expect(next).toMatchObject({
      kind: 'grant',
      withoutPredecessor: true,
      ticket: { eventId: 'u1' },
    });
  });

  it('does not hold an event whose entity was created longer ago than the hold', () => {
    const state = contactState();
    enqueueTicket(
      state,
      ticket('u1', 'contact.updated', '2026-06-01T11:00:00.000Z', '2026-05-01T00:00:00.000Z'),
      NOW,
    );
    expect(pickNextTurn(state, NOW)).toMatchObject({ kind: 'grant', withoutPredecessor: false });
  });

  it('never holds events of an entity kind without a creation event (conversations)', () => {
    const state = newEntityState({
      ...contactState().settings,
      orderingKey: 'conversation:x',
      creationType: null,
    });
    enqueueTicket(state, ticket('m2', 'message.received', '2026-06-01T11:00:02.000Z'), NOW);
    enqueueTicket(state, ticket('m1', 'message.sent', '2026-06-01T11:00:01.000Z'), NOW);
    expect(drain(state, NOW)).toEqual(['m1', 'm2']);
  });

  it('queues a run of an event delivered twice only once, even after it ran', () => {
    const state = contactState();
    expect(enqueueTicket(state, ticket('a', 'contact.created', null), NOW)).toBe('queued');
    expect(enqueueTicket(state, ticket('a', 'contact.created', null), NOW)).toBe('repeat');
    expect(state.buffer).toHaveLength(1);
    const granted = pickNextTurn(state, NOW);
    if (granted.kind !== 'grant') throw new Error('expected a grant');
    grantTurn(state, granted.ticket, false, NOW);
    expect(enqueueTicket(state, ticket('a', 'contact.created', null), NOW)).toBe('repeat');
    releaseTicket(state, 'a');
    expect(enqueueTicket(state, ticket('a', 'contact.created', null), NOW)).toBe('repeat');
    expect(state.buffer).toEqual([]);
  });

  it('queues again another run of an event that has run (reset by hand to rerun it)', () => {
    const state = contactState();
    enqueueTicket(state, ticket('a', 'contact.created', null), NOW);
    expect(drain(state, NOW)).toEqual(['a']);
    const rerun = ticket('a', 'contact.created', null, null, 'run-2');
    expect(enqueueTicket(state, rerun, NOW)).toBe('queued');
    expect(drain(state, NOW)).toEqual(['a']);
    expect(state.ran.map((record) => record.eventRunId)).toEqual(['run-1', 'run-2']);
  });

  it('gives the turn held by an event to its new run (reset by hand while parked)', () => {
    const state = contactState();
    enqueueTicket(state, ticket('a', 'contact.created', null), NOW);
    const granted = pickNextTurn(state, NOW);
    if (granted.kind !== 'grant') throw new Error('expected a grant');
    grantTurn(state, granted.ticket, false, NOW).phase = 'parked';
    const rerun = ticket('a', 'contact.created', null, null, 'run-2');
    expect(enqueueTicket(state, rerun, NOW)).toBe('rerun');
    expect(state.holder).toMatchObject({ eventRunId: 'run-2', phase: 'ready' });
    expect(state.buffer).toEqual([]);
  });

  it('grants nothing while a turn is held, and drops a released waiting event from the buffer', () => {
    const state = contactState();
    enqueueTicket(state, ticket('c', 'contact.created', null), NOW);
    enqueueTicket(state, ticket('u', 'contact.updated', null), NOW);
    const first = pickNextTurn(state, NOW);
    if (first.kind !== 'grant') throw new Error('expected a grant');
    grantTurn(state, first.ticket, false, NOW);
    expect(pickNextTurn(state, NOW)).toEqual({ kind: 'wait', wakeAtMs: null });
    expect(releaseTicket(state, 'u')).toBe(true);
    expect(state.buffer).toEqual([]);
    expect(state.holder?.eventId).toBe('c');
  });

  it('survives a JSON round trip, as continue-as-new does', () => {
    const state = contactState();
    enqueueTicket(state, ticket('c', 'contact.created', null), NOW);
    const copy = JSON.parse(JSON.stringify(state)) as EntityState;
    expect(copy).toEqual(state);
    expect(drain(copy, NOW)).toEqual(['c']);
  });

  it('marks late an event older than one that already ran, not one of the same time', () => {
    const state = contactState();
    const grantNext = () => {
      const next = pickNextTurn(state, NOW);
      if (next.kind !== 'grant') throw new Error('expected a grant');
      const holder = grantTurn(state, next.ticket, false, NOW);
      releaseTicket(state, holder.eventId);
      return holder;
    };
    enqueueTicket(state, ticket('c', 'contact.created', '2026-06-01T11:00:00.000Z'), NOW);
    enqueueTicket(state, ticket('u2', 'contact.updated', '2026-06-01T11:00:02.000Z'), NOW);
    expect(grantNext().late).toBeNull();
    expect(grantNext().late).toBeNull();
    enqueueTicket(state, ticket('u1', 'contact.updated', '2026-06-01T11:00:01.000Z'), NOW);
    expect(grantNext().late).toEqual({
      supersededBy: {
        eventId: 'u2',
        eventType: 'contact.updated',
        resourceTime: '2026-06-01T11:00:02.000Z',
      },
      policy: 'run',
    });
    // A deletion carries the contact's last state: the same time as the update before it.
    enqueueTicket(state, ticket('d', 'contact.deleted', '2026-06-01T11:00:02.000Z'), NOW);
    expect(grantNext().late).toBeNull();
  });
});
