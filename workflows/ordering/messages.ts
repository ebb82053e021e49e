/**
 * The ordering protocol's messages: what an event's workflow sends its entity's workflow
 * (a ticket, by signal-with-start; an operator's retry or discard, passed on) and what the
 * entity reports back (waiting, started, done, parked). Importing this never pulls in a
 * workflow body.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { HandlerView } from '../contract/operators';
import type { PlannedHandler } from '../contract/plan';
import type { ReceivedEvent } from '../contract/received-event';
import type { LateEvent, LatePolicy } from '../contract/search-attributes';

/** One entity workflow per ordering key (`contact:<uid>`, `conversation:<uid>`, …). */
export function entityWorkflowId(orderingKey: string): string {
  return `podium-entity-${orderingKey}`;
}

/** An event's place in its entity's queue, with everything the entity needs to run it. */
export interface TurnTicket {
  eventId: string;
  eventWorkflowId: string;
  /** A ticket from another run of the event's workflow is a rerun (reset by hand), not a repeat. */
  eventRunId: string;
  eventType: string;
  resourceTime: string | null;
  resourceCreatedAt: string | null;
  handlers: PlannedHandler[];
  /** Policy: release the entity's turn when this event parks (default: hold it). */
  releaseTurnOnPark: boolean;
  latePolicy: LatePolicy;
  /** Null when too large to carry through the entity: its handlers read it from the event's workflow. */
  event: ReceivedEvent | null;
}

/** What the entity tells an event's workflow about its turn. */
export type TurnReport =
  | { kind: 'waiting'; eventRunId: string; waitingFor: string }
  | { kind: 'started'; eventRunId: string }
  | ({ kind: 'done'; eventRunId: string } & TurnResult)
  | ({ kind: 'parked'; eventRunId: string; reason: string; releasedTurn: boolean } & TurnResult);

export type DoneReport = Extract<TurnReport, { kind: 'done' }>;

export interface TurnResult {
  handlers: HandlerView[];
  lastError: string | null;
  /** True when the turn was granted after the hold without the entity's `*.created`. */
  withoutPredecessor: boolean;
  late: LateEvent | null;
}

export const turnReportSignal = defineSignal<[TurnReport]>('internal:turnReport');

/** An operator's retry or discard of a parked (or waiting) event, passed on to its entity. */
export interface TurnAction {
  eventId: string;
  eventRunId: string;
  action: 'retry' | 'discard';
}

export const enqueueSignal = defineSignal<[TurnTicket]>('internal:enqueue');
export const turnActionSignal = defineSignal<[TurnAction]>('internal:turnAction');

export interface EntitySettings {
  orderingKey: string;
  creationType: string | null;
  holdTimeoutMs: number;
  idleTimeoutMs: number;
  /** While events wait behind a parked turn, check this often that its event still runs. */
  holderCheckIntervalMs: number;
  /** Continue-as-new when history grows past this many events (tests force it small). */
  continueAsNewAfterEvents: number;
}

export interface EntityRanRecord {
  eventId: string;
  eventType: string;
  grantedAt: string;
  withoutPredecessor: boolean;
}

/** A ticket as the entity query shows it: without the event and its plan. */
export interface TicketView {
  eventId: string;
  eventWorkflowId: string;
  eventType: string;
  resourceTime: string | null;
  resourceCreatedAt: string | null;
}

export interface EntityView {
  orderingKey: string;
  createdSeen: boolean;
  holder: (TicketView & { grantedAt: string; parkedReason: string | null }) | null;
  buffer: TicketView[];
  ran: EntityRanRecord[];
  runsSoFar: number;
}
export const entityQuery = defineQuery<EntityView>('entity');
