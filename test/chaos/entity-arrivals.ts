/**
 * When each event reached its entity's workflow: the first `internal:enqueue` signal carrying
 * its ticket, in the histories of every run of every entity workflow (entity-histories.ts).
 * The ordering rules count the hold for a missing `*.created` from there
 * (workflows/ordering/entity-queue.ts, `enqueuedAtMs`), and under a backlog that can be
 * minutes after the receiver accepted the event: only the entity's history says when. The
 * fault run reads a workflow's internals only here and in lost-tasks.ts, to know when to expect
 * an order and which repeats a kill explains; the order and the effects are still judged from
 * the sink's ledger.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { enqueueSignal, type TurnTicket } from '../../workflows/ordering/messages';
import type { EntityHistory, History } from './entity-histories';

const { EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED } = proto.temporal.api.enums.v1.EventType;

export interface Arrival {
  /** When the entity's history recorded the signal (the entity queues it on its next task). */
  atMs: number;
  /** The ticket's: when the resource itself says it was created (ISO), if it says. */
  resourceCreatedAt: string | null;
}

/** Podium event id → its first arrival at its entity. */
export type Arrivals = Map<string, Arrival>;

export interface EnqueueSignal {
  atMs: number;
  ticket: TurnTicket;
}

/** The `internal:enqueue` signals in one run's history, in its order. */
export function enqueueSignals(history: History): EnqueueSignal[] {
  return (history.events ?? []).flatMap((event) => {
    const signaled = event.workflowExecutionSignaledEventAttributes;
    if (event.eventType !== EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) return [];
    if (signaled?.signalName !== enqueueSignal.name) return [];
    const payload = signaled.input?.payloads?.[0];
    if (!payload) return [];
    const ticket = defaultPayloadConverter.fromPayload<TurnTicket>(payload);
    return [{ atMs: tsToMs(event.eventTime), ticket }];
  });
}

/** Each event's earliest enqueue (a redelivery or a rerun signals again, later). */
export function firstArrivals(signals: Iterable<EnqueueSignal>): Arrivals {
  const arrivals: Arrivals = new Map();
  for (const { atMs, ticket } of signals) {
    const earlier = arrivals.get(ticket.eventId);
    if (earlier && earlier.atMs <= atMs) continue;
    arrivals.set(ticket.eventId, { atMs, resourceCreatedAt: ticket.resourceCreatedAt });
  }
  return arrivals;
}

export const entityArrivals = (histories: readonly EntityHistory[]): Arrivals =>
  firstArrivals(histories.flatMap(({ history }) => enqueueSignals(history)));
