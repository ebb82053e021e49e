/**
 * What operators use on an event's workflow: the `retry` and `discard` signals and the
 * `status` query, and the attempt records its handler activities send it.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ReceivedEvent } from './received-event';
import type { EventStatus, LateEvent } from './search-attributes';

/** The Web UI sends one JSON payload per signal: an object such as `{"reason": "fixed"}`. */
export interface OperatorAction {
  reason?: string;
  by?: string;
}
/** Shown by the Web UI's signal menu next to each operator signal. */
export const RETRY_DESCRIPTION =
  'Run the parked event\'s failed handlers again (those that succeeded are not rerun). Input: {"reason": "…", "by": "you"}';
export const DISCARD_DESCRIPTION =
  'Close the parked or waiting event without running its handlers. Input: {"reason": "…", "by": "you"}';
export const retrySignal = defineSignal<[OperatorAction?]>('retry');
export const discardSignal = defineSignal<[OperatorAction?]>('discard');

export interface HandlerView {
  name: string;
  state: 'pending' | 'succeeded' | 'failed';
  runs: number;
  attempts: number;
  lastError: string | null;
}

export interface EventStatusView {
  eventId: string;
  eventType: string | null;
  status: EventStatus;
  orderingKey: string | null;
  waitingFor: string | null;
  attempts: number;
  lastError: string | null;
  parkedReason: string | null;
  ranWithoutPredecessor: boolean;
  /** Set when the event was late: what superseded it, and the policy applied. */
  late: LateEvent | null;
  handlers: HandlerView[];
  attemptHistory: AttemptRecord[];
  operatorActions: {
    action: 'retry' | 'discard';
    reason: string | null;
    /** Who acted: the CLI, a replay job, or whatever the Web UI's operator typed. */
    by: string;
    at: string;
    applied: boolean;
    note: string;
  }[];
  receivedAt: string;
}
export const statusQuery = defineQuery<EventStatusView>('status');

/** What the `status` query answers for an event nothing has happened to yet. */
export function freshStatusView(event: ReceivedEvent): EventStatusView {
  return {
    eventId: event.eventId,
    eventType: event.eventType,
    status: 'processing',
    orderingKey: null,
    waitingFor: null,
    attempts: 0,
    lastError: null,
    parkedReason: null,
    ranWithoutPredecessor: false,
    late: null,
    handlers: [],
    attemptHistory: [],
    operatorActions: [],
    receivedAt: event.receivedAt,
  };
}

/** The event as received, for a handler run by an entity that was not given it (its size). */
export const receivedEventQuery = defineQuery<ReceivedEvent>('receivedEvent');

export interface AttemptRecord {
  handler: string;
  attempt: number;
  at: string;
  ok: boolean;
  durationMs: number;
  /** Free-form detail, e.g. a forwarding attempt's status code, latency and response excerpt. */
  detail: string;
}

/** Sent by a handler activity when one of its attempts fails, so every attempt is on record. */
export const attemptFailedSignal = defineSignal<[AttemptRecord]>('internal:attemptFailed');
