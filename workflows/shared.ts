/**
 * Names shared by the receiver, the worker, the CLI and the workflows: workflow ids, signals,
 * queries, search attributes and the data that crosses between them. Importing this module
 * never pulls in a workflow body.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { DoneReport } from './ordering/messages';

// ---- workflow ids -----------------------------------------------------------------------------

/**
 * One event workflow per Podium event: the id is derived from the event id, so Temporal's
 * id reuse/conflict policies reject a redelivery atomically (no check-then-act race).
 */
export function eventWorkflowId(eventId: string): string {
  return `podium-event-${eventId}`;
}

// ---- search attributes (registered on the namespace at start) -----------------------------------

export const PodiumEventType = defineSearchAttributeKey(
  'PodiumEventType',
  SearchAttributeType.KEYWORD,
);
export const PodiumEventStatus = defineSearchAttributeKey(
  'PodiumEventStatus',
  SearchAttributeType.KEYWORD,
);
export const PodiumOrderingKey = defineSearchAttributeKey(
  'PodiumOrderingKey',
  SearchAttributeType.KEYWORD,
);
export const SEARCH_ATTRIBUTE_KEYS = [PodiumEventType, PodiumEventStatus, PodiumOrderingKey];

/**
 * - `processing`: handlers are running (or about to).
 * - `waiting`: queued behind an earlier event of the same entity.
 * - `parked`: failed for good or could not be understood; open until an operator acts.
 * - `done` / `discarded`: closed.
 */
export const EVENT_STATUSES = ['processing', 'waiting', 'parked', 'done', 'discarded'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

// ---- the event workflow's input -----------------------------------------------------------------

/** Everything Podium sent for one event, kept verbatim so nothing authentic is ever lost. */
export interface ReceivedEvent {
  eventId: string;
  /** `podium`: metadata.eventUid; `body-hash`: SHA-256 of the raw bytes (Podium sent no id). */
  eventIdSource: 'podium' | 'body-hash';
  eventType: string | null;
  /** This event's bytes: the raw delivery body, or for a batch element its JSON. */
  body: string;
  /**
   * `base64` when the bytes are not valid UTF-8, or when as escaped JSON text the event would
   * not fit in one Temporal payload (src/temporal/payload-limit.ts).
   */
  bodyEncoding: 'utf8' | 'base64';
  /**
   * For an element of a batch delivery: its index, and the whole signed body with its SHA-256
   * (the body is null when keeping it would not fit in one Temporal payload).
   */
  batch: { index: number; deliveryBody: string | null; deliveryBodySha256?: string } | null;
  /** The signature headers exactly as received (podium-timestamp, podium-signature, …). */
  signatureHeaders: Record<string, string>;
  signedAt: string;
  receivedAt: string;
  /** Set when an authentic delivery could not be understood (not JSON, no event type…). */
  malformedReason: string | null;
}

// ---- what the event workflow's planning step decides ------------------------------------------

export interface RetryPolicySpec {
  maximumAttempts: number;
  initialIntervalMs: number;
  maximumIntervalMs: number;
  backoffCoefficient: number;
}

export interface PlannedHandler {
  name: string;
  retry: RetryPolicySpec;
  timeoutMs: number;
}

export interface OrderingPlan {
  key: string;
  /** The `*.created` type this entity's other events depend on, if the family has one. */
  creationType: string | null;
  resourceTime: string | null;
  resourceCreatedAt: string | null;
  /** Policy: release the entity's turn when this event parks (default: hold it). */
  releaseTurnOnPark: boolean;
}

export type EventPlan =
  | { ok: true; eventType: string; handlers: PlannedHandler[]; ordering: OrderingPlan | null }
  | { ok: false; reason: string };

/** Name under which a handler runs as an activity (visible in the Web UI). */
export function handlerActivityName(handlerName: string): string {
  return `handler:${handlerName}`;
}

/**
 * What a handler activity gets: the event as received (it parses and validates it itself), or
 * null when too large to pass through an entity (it reads it from the event's workflow), and
 * the event's workflow, where every failed attempt is recorded.
 */
export interface HandlerInput {
  event: ReceivedEvent | null;
  eventWorkflowId: string;
  /**
   * For an entity's last handler of an event: the `done` report to send the event's workflow
   * when this succeeds (its handler views as they will be, less this run's attempts).
   */
  reportOnSuccess?: DoneReport;
}

export interface AttemptRecord {
  handler: string;
  attempt: number;
  at: string;
  ok: boolean;
  durationMs: number;
  /** Free-form detail, e.g. a forwarding attempt's status code, latency and response excerpt. */
  detail: string;
}

/** A handler activity's successful result. */
export interface HandlerOutcome {
  attempt: number;
  detail: string;
  /** The `done` report reached the event's workflow (handed over in process, or signalled). */
  reported?: boolean;
}

// ---- operators ----------------------------------------------------------------------------------

/** The Web UI sends one JSON payload per signal: an object such as `{"reason": "fixed"}`. */
export interface OperatorAction {
  reason?: string;
  by?: string;
}
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
  handlers: HandlerView[];
  attemptHistory: AttemptRecord[];
  operatorActions: {
    action: 'retry' | 'discard';
    reason: string | null;
    at: string;
    applied: boolean;
    note: string;
  }[];
  receivedAt: string;
}
export const statusQuery = defineQuery<EventStatusView>('status');

/** The event as received, for a handler run by an entity that was not given it (its size). */
export const receivedEventQuery = defineQuery<ReceivedEvent>('receivedEvent');

/** Sent by a handler activity when one of its attempts fails, so every attempt is on record. */
export const attemptFailedSignal = defineSignal<[AttemptRecord]>('attemptFailed');

// ---- entity ordering: workflows/ordering/messages.ts ----------------------------------------

export {
  entityQuery,
  entityWorkflowId,
  type EntityRanRecord,
  type EntitySettings,
  type EntityView,
  type TicketView,
  type TurnTicket,
} from './ordering/messages';
