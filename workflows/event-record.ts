/**
 * What an event's workflow knows and shows of its event (the `status` query), and the
 * messages it takes: an operator's `retry` or `discard`, its entity's turn reports, and the
 * failed attempts its handler activities record. One object, handlers that delegate in one
 * line (the Temporal samples' safe-message-handlers style).
 */
import { log, setCurrentDetails, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { TurnReport, TurnResult } from './ordering/messages';
import { turnReportSignal } from './ordering/messages';
import {
  attemptFailedSignal,
  DISCARD_DESCRIPTION,
  discardSignal,
  freshStatusView,
  PodiumEventLate,
  PodiumEventStatus,
  PodiumOrderingKey,
  receivedEventQuery,
  RETRY_DESCRIPTION,
  retrySignal,
  statusQuery,
  type AttemptRecord,
  type EventStatus,
  type EventStatusView,
  type HandlerView,
  type OperatorAction,
  type ReceivedEvent,
} from './shared';

const ATTEMPT_HISTORY_KEPT = 50;

/** The Web UI sends whatever JSON the operator typed: keep a reason only if it is a string. */
function reasonOf(action: OperatorAction | undefined): string | null {
  const reason = (action as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason.trim() ? reason.trim() : null;
}

/** Who acted, as the signal says; the Web UI sends no `by` unless the operator typed one. */
export const UNKNOWN_ACTOR = 'web-ui-or-unknown';
function byOf(action: OperatorAction | undefined): string {
  const by = (action as { by?: unknown } | undefined)?.by;
  return typeof by === 'string' && by.trim() ? by.trim() : UNKNOWN_ACTOR;
}

export class EventRecord {
  readonly view: EventStatusView;
  /** The operator's decision on a parked (or waiting) event, until acted on. */
  decision: 'retry' | 'discard' | null = null;
  /** Turn reports from the entity, in arrival order, until handled. */
  readonly reports: TurnReport[] = [];
  /** The ordering key goes on record with the first status change (one upsert, not two). */
  #keyRecorded = false;
  /** Likewise whether the event was late, with the status change that follows the report. */
  #lateRecorded = false;

  constructor(readonly event: ReceivedEvent) {
    this.view = freshStatusView(event);
  }

  listen(): void {
    setHandler(statusQuery, () => this.view);
    setHandler(receivedEventQuery, () => this.event);
    setHandler(retrySignal, (input) => this.#operator('retry', input), {
      description: RETRY_DESCRIPTION,
    });
    setHandler(discardSignal, (input) => this.#operator('discard', input), {
      description: DISCARD_DESCRIPTION,
    });
    setHandler(attemptFailedSignal, (record) => this.#attemptFailed(record));
    setHandler(turnReportSignal, (report) => void this.reports.push(report));
  }

  /** The receiver set the ordering key with the start: it needs no upsert. */
  orderingKeyOnRecord(key: string): void {
    this.view.orderingKey = key;
    this.#keyRecorded = true;
  }

  /** Each change is a visibility write: make none that changes nothing. */
  setStatus(status: EventStatus): void {
    const keyDue = !this.#keyRecorded && this.view.orderingKey !== null;
    const lateDue = !this.#lateRecorded && this.view.late !== null;
    if (this.view.status === status && !keyDue && !lateDue) return;
    this.view.status = status;
    const attributes: SearchAttributeUpdatePair[] = [{ key: PodiumEventStatus, value: status }];
    if (keyDue) attributes.push({ key: PodiumOrderingKey, value: this.view.orderingKey! });
    if (lateDue) attributes.push({ key: PodiumEventLate, value: this.view.late!.policy });
    this.#keyRecorded ||= keyDue;
    this.#lateRecorded ||= lateDue;
    upsertSearchAttributes(attributes);
  }

  /** The Web UI's "current details": why it parked, in one line (a query, so no write). */
  park(reason: string): void {
    this.view.parkedReason = reason;
    setCurrentDetails(`parked: ${reason}`);
    this.decision = null;
    this.setStatus('parked');
    // For on-call's log search; the workflow logger writes nothing while a history replays.
    log.warn('event parked', { ...this.#logged(), reason });
  }

  unpark(): void {
    this.view.parkedReason = null;
    setCurrentDetails('');
    this.decision = null;
    this.setStatus('processing');
  }

  recordHandlers(handlers: HandlerView[], lastError: string | null): void {
    this.view.handlers = handlers;
    this.view.attempts = handlers.reduce((sum, handler) => sum + handler.attempts, 0);
    if (lastError !== null) this.view.lastError = lastError;
  }

  recordTurn(result: TurnResult): void {
    this.view.waitingFor = null;
    this.view.ranWithoutPredecessor = result.withoutPredecessor;
    this.view.late = result.late;
    this.recordHandlers(result.handlers, result.lastError);
  }

  #operator(action: 'retry' | 'discard', input?: OperatorAction): void {
    const { status } = this.view;
    const applies =
      action === 'discard' ? status === 'parked' || status === 'waiting' : status === 'parked';
    this.view.operatorActions.push({
      action,
      reason: reasonOf(input),
      by: byOf(input),
      at: new Date().toISOString(),
      applied: applies && this.decision === null,
      note: applies ? '' : `ignored: the event is ${status}`,
    });
    const applied = applies && this.decision === null;
    log.info(
      applied ? `event ${action === 'retry' ? 'retried' : 'discarded'}` : `${action} ignored`,
      {
        ...this.#logged(),
        reason: reasonOf(input),
        by: byOf(input),
        ...(applied ? {} : { status }),
      },
    );
    if (applies) this.decision ??= action;
  }

  /** What a log line says of the event: which one, of what type, of which entity. */
  #logged() {
    const { eventId, eventType, orderingKey } = this.view;
    return { eventId, eventType, orderingKey };
  }

  #attemptFailed(record: AttemptRecord): void {
    this.view.attemptHistory.push(record);
    if (this.view.attemptHistory.length > ATTEMPT_HISTORY_KEPT) this.view.attemptHistory.shift();
  }
}
