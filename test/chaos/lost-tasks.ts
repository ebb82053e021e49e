/**
 * The entity workflow tasks that timed out after a worker had started them: a worker killed
 * while it ran the task. A handler's first attempt runs inline in the entity's workflow task
 * (workflows/run-handlers.ts), so such a task may have had effects that are not on record, and
 * the retried task runs them again. The span a kill can repeat is the whole task, which on
 * loaded cores has been seen to start seconds before the kill (README, Reliability).
 */
import { tsToMs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { enqueueSignals } from './entity-arrivals';
import type { EntityHistory, History } from './entity-histories';

const { EventType, TimeoutType } = proto.temporal.api.enums.v1;

export interface TaskSpan {
  startedAtMs: number;
  timedOutAtMs: number;
}

/** Podium event id → the lost workflow tasks of the entity workflow it was queued on. */
export type LostTasks = Map<string, TaskSpan[]>;

/** One run's workflow tasks that a worker started and never completed. */
export function lostTaskSpans(history: History): TaskSpan[] {
  const events = history.events ?? [];
  const timeOf = new Map(events.map((e) => [Number(e.eventId), tsToMs(e.eventTime)]));
  return events.flatMap((event) => {
    const timedOut = event.workflowTaskTimedOutEventAttributes;
    if (event.eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT || !timedOut) return [];
    if (timedOut.timeoutType !== TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE) return [];
    const startedAtMs = timeOf.get(Number(timedOut.startedEventId));
    if (startedAtMs === undefined) return [];
    return [{ startedAtMs, timedOutAtMs: tsToMs(event.eventTime) }];
  });
}

/** Each event's entity's lost tasks, over every run of that entity. */
export function lostTasksByEvent(histories: readonly EntityHistory[]): LostTasks {
  const byEntity = new Map<string, { eventIds: Set<string>; spans: TaskSpan[] }>();
  for (const { workflowId, history } of histories) {
    const entity = byEntity.get(workflowId) ?? { eventIds: new Set(), spans: [] };
    for (const { ticket } of enqueueSignals(history)) entity.eventIds.add(ticket.eventId);
    entity.spans.push(...lostTaskSpans(history));
    byEntity.set(workflowId, entity);
  }
  const lost: LostTasks = new Map();
  for (const { eventIds, spans } of byEntity.values())
    if (spans.length) for (const id of eventIds) lost.set(id, spans);
  return lost;
}
