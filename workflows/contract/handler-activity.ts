/** A handler activity's input and result. */
import type { DoneReport } from '../ordering/messages';
import type { ReceivedEvent } from './received-event';
import type { LateEvent } from './search-attributes';

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
  /** Attempts made before this activity's own (the inline first one): 0 when absent. */
  attemptsBefore?: number;
  /** Set when the event is late: the handler is told what superseded it. */
  late?: LateEvent | null;
}

/** A handler activity's successful result. */
export interface HandlerOutcome {
  /** Attempts in all, the inline first one included. */
  attempt: number;
  detail: string;
  /** The `done` report reached the event's workflow. */
  reported?: boolean;
}
