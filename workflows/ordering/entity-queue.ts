/**
 * The ordering rules of one entity's queue, as pure functions over plain JSON state (so the
 * state survives continue-as-new intact and the rules are unit-tested without a server).
 *
 * - A `*.created` event goes before every other event of its entity.
 * - A dependent event whose `created` has not been seen waits up to the hold timeout (the
 *   entity may predate the webhook), unless the resource itself says it was created longer
 *   ago than the hold — then its `created` is old news and nothing is gained by waiting.
 * - Otherwise events go in order of their resource timestamps (ties: created, then updates,
 *   then deletions, then arrival order).
 */
import type { LateEvent } from '../contract/search-attributes';
import { pendingViews } from '../run-handlers';
import type { HandlerView } from '../shared';
import type { EntityRanRecord, EntitySettings, TurnTicket } from './messages';

export interface QueuedTicket extends TurnTicket {
  enqueuedAtMs: number;
  seq: number;
  /** Told it waits (the entity was blocked when it came): it is told again when it starts. */
  toldWaiting: boolean;
}

/** The event whose turn it is: its handlers run, or it is parked holding the turn. */
export interface HeldTurn extends QueuedTicket {
  grantedAtMs: number;
  withoutPredecessor: boolean;
  handlerViews: HandlerView[];
  /** `ready`: its handlers are to run (granted, retried); `parked`: an operator must act. */
  phase: 'ready' | 'parked';
  parkedReason: string | null;
  /** Older than an event of this entity that already ran. */
  late: LateEvent | null;
  /** An operator retried it: a late event parked by its policy now runs. */
  retried: boolean;
}

export interface EntityState {
  settings: EntitySettings;
  createdSeen: boolean;
  /** Set once the hold expired without a `created`: later events no longer wait for it. */
  predecessorWaived: boolean;
  buffer: QueuedTicket[];
  holder: HeldTurn | null;
  /** The newest (by resource time) event that has run: an older one coming later is late. */
  newestRan: LateEvent['supersededBy'] | null;
  ran: RanTurn[];
  seq: number;
  runsSoFar: number;
}

/** An event that got its turn, and which run of its workflow it was. */
export type RanTurn = EntityRanRecord & { eventRunId: string };

const RAN_KEPT = 200;

export function newEntityState(settings: EntitySettings): EntityState {
  return {
    settings,
    createdSeen: false,
    predecessorWaived: false,
    buffer: [],
    holder: null,
    newestRan: null,
    ran: [],
    seq: 0,
    runsSoFar: 0,
  };
}

/**
 * Queues a ticket. `repeat`: this run of the event is already queued, holding or has run (its
 * request delivered twice). Another run of a queued or holding event (reset by hand) takes
 * its place; one of an event that has run queues afresh.
 */
export function enqueueTicket(
  state: EntityState,
  ticket: TurnTicket,
  nowMs: number,
): 'queued' | 'repeat' | 'rerun' {
  const sameRun = (other: { eventId: string; eventRunId: string }) =>
    other.eventId === ticket.eventId && other.eventRunId === ticket.eventRunId;
  const { holder } = state;
  if ((holder && sameRun(holder)) || state.buffer.some(sameRun) || state.ran.some(sameRun)) {
    return 'repeat';
  }
  if (holder?.eventId === ticket.eventId) {
    state.holder = { ...holder, ...ticket, handlerViews: viewsOf(ticket), phase: 'ready' };
    state.holder.parkedReason = null;
    return 'rerun';
  }
  const queued = state.buffer.find((other) => other.eventId === ticket.eventId);
  if (queued) {
    Object.assign(queued, ticket);
    return 'rerun';
  }
  state.seq += 1;
  state.buffer.push({ ...ticket, enqueuedAtMs: nowMs, seq: state.seq, toldWaiting: false });
  return 'queued';
}

function viewsOf(ticket: TurnTicket): HandlerView[] {
  return pendingViews(ticket.handlers);
}

/** Frees the turn held by this event, or drops it from the buffer (a discard while waiting). */
export function releaseTicket(state: EntityState, eventId: string): boolean {
  if (state.holder?.eventId === eventId) {
    state.holder = null;
    return true;
  }
  const before = state.buffer.length;
  state.buffer = state.buffer.filter((ticket) => ticket.eventId !== eventId);
  return state.buffer.length !== before;
}

function phase(eventType: string, creationType: string | null): number {
  if (eventType === creationType) return 0;
  return eventType.endsWith('.deleted') ? 2 : 1;
}

function timeOf(iso: string | null): number {
  const ms = iso === null ? NaN : Date.parse(iso);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

function compareTickets(creationType: string | null) {
  return (a: QueuedTicket, b: QueuedTicket): number =>
    timeOf(a.resourceTime) - timeOf(b.resourceTime) ||
    phase(a.eventType, creationType) - phase(b.eventType, creationType) ||
    a.seq - b.seq;
}

export type NextTurn =
  | { kind: 'grant'; ticket: QueuedTicket; withoutPredecessor: boolean }
  | { kind: 'wait'; wakeAtMs: number | null };

/** Decides which event gets the turn now, or until when nothing can. */
export function pickNextTurn(state: EntityState, nowMs: number): NextTurn {
  if (state.holder || state.buffer.length === 0) return { kind: 'wait', wakeAtMs: null };
  const { creationType, holdTimeoutMs } = state.settings;
  const ordered = [...state.buffer].sort(compareTickets(creationType));
  const creation = ordered.find((ticket) => ticket.eventType === creationType);
  if (creation) return { kind: 'grant', ticket: creation, withoutPredecessor: false };
  const first = ordered[0]!;
  if (creationType === null || state.createdSeen || state.predecessorWaived) {
    return { kind: 'grant', ticket: first, withoutPredecessor: false };
  }
  // No `created` seen yet: a dependent may go if its entity is old, or once its hold expires.
  const createdLongAgo = ordered.find(
    (ticket) => timeOf(ticket.resourceCreatedAt) < ticket.enqueuedAtMs - holdTimeoutMs,
  );
  if (createdLongAgo) return { kind: 'grant', ticket: first, withoutPredecessor: false };
  const holdEndsAtMs = Math.min(...ordered.map((ticket) => ticket.enqueuedAtMs + holdTimeoutMs));
  if (holdEndsAtMs <= nowMs) return { kind: 'grant', ticket: first, withoutPredecessor: true };
  return { kind: 'wait', wakeAtMs: holdEndsAtMs };
}

/** Moves the ticket from the buffer to the turn, records the order events ran in; the holder. */
export function grantTurn(
  state: EntityState,
  ticket: QueuedTicket,
  withoutPredecessor: boolean,
  nowMs: number,
): HeldTurn {
  state.buffer = state.buffer.filter((queued) => queued.eventId !== ticket.eventId);
  const holder: HeldTurn = {
    ...ticket,
    grantedAtMs: nowMs,
    withoutPredecessor,
    handlerViews: viewsOf(ticket),
    phase: 'ready',
    parkedReason: null,
    late: lateness(state, ticket),
    retried: false,
  };
  state.holder = holder;
  if (
    !holder.late &&
    ticket.resourceTime !== null &&
    !Number.isNaN(Date.parse(ticket.resourceTime))
  ) {
    const { eventId, eventType, resourceTime } = ticket;
    state.newestRan = { eventId, eventType, resourceTime };
  }
  if (ticket.eventType === state.settings.creationType) state.createdSeen = true;
  else if (state.settings.creationType !== null && !state.createdSeen) {
    state.predecessorWaived = true;
  }
  state.ran.push({
    eventId: ticket.eventId,
    eventRunId: ticket.eventRunId,
    eventType: ticket.eventType,
    grantedAt: new Date(nowMs).toISOString(),
    withoutPredecessor,
  });
  if (state.ran.length > RAN_KEPT) state.ran.shift();
  return holder;
}

/** Late: its resource time is before that of an event of its entity that already ran. */
function lateness(state: EntityState, ticket: QueuedTicket): LateEvent | null {
  const newest = state.newestRan;
  if (!newest || timeOf(ticket.resourceTime) >= timeOf(newest.resourceTime)) return null;
  return { supersededBy: newest, policy: ticket.latePolicy };
}

export function isIdle(state: EntityState): boolean {
  return state.holder === null && state.buffer.length === 0;
}
