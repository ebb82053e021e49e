/**
 * The fault run reads which entity workflow tasks a kill lost from the entity histories
 * (test/chaos/lost-tasks.ts); here from hand-made histories.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { msNumberToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { lostTaskSpans, lostTasksByEvent } from '../chaos/lost-tasks';

const { EventType, TimeoutType } = proto.temporal.api.enums.v1;
const { History } = proto.temporal.api.history.v1;
/** A history from plain objects, its ids turned into the Longs Temporal sends. */
const history = (...events: object[]) => History.fromObject({ events });

const at = (eventId: number, atMs: number, eventType: number) => ({
  eventId,
  eventTime: msNumberToTs(atMs),
  eventType,
});
const started = (id: number, atMs: number) =>
  at(id, atMs, EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED);
const timedOut = (
  id: number,
  atMs: number,
  startedEventId: number | null,
  timeoutType: number,
) => ({
  ...at(id, atMs, EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT),
  workflowTaskTimedOutEventAttributes: {
    startedEventId,
    timeoutType,
  },
});
const enqueued = (id: number, atMs: number, eventId: string) => ({
  ...at(id, atMs, EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED),
  workflowExecutionSignaledEventAttributes: {
    signalName: 'internal:enqueue',
    input: { payloads: [defaultPayloadConverter.toPayload({ eventId })] },
  },
});

const { TIMEOUT_TYPE_START_TO_CLOSE: START_TO_CLOSE, TIMEOUT_TYPE_SCHEDULE_TO_START } = TimeoutType;

describe('the entity workflow tasks a kill lost', () => {
  it('spans a started task that timed out, from its start to its timeout', () => {
    const run = history(
      started(3, 1000),
      at(4, 1100, EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED),
      started(7, 5000),
      timedOut(8, 15_000, 7, START_TO_CLOSE),
      // A sticky task no worker picked up had no effects: not lost work.
      timedOut(9, 20_000, null, TIMEOUT_TYPE_SCHEDULE_TO_START),
    );
    expect(lostTaskSpans(run)).toEqual([{ startedAtMs: 5000, timedOutAtMs: 15_000 }]);
  });

  it("gives each event its entity's lost tasks, over all of that entity's runs", () => {
    const lostRun = history(
      enqueued(2, 900, 'e1'),
      started(3, 1000),
      timedOut(4, 11_000, 3, START_TO_CLOSE),
    );
    const laterRun = history(enqueued(2, 30_000, 'e2'));
    const otherEntity = history(enqueued(2, 900, 'e3'), started(3, 1000));
    const lost = lostTasksByEvent([
      { workflowId: 'entity-a', history: lostRun },
      { workflowId: 'entity-a', history: laterRun },
      { workflowId: 'entity-b', history: otherEntity },
    ]);
    const span = { startedAtMs: 1000, timedOutAtMs: 11_000 };
    expect(lost).toEqual(
      new Map([
        ['e1', [span]],
        ['e2', [span]],
      ]),
    );
  });
});
