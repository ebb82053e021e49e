/**
 * The event's side of the ordering protocol: its workflow follows its entity's reports on its
 * turn (waiting, started, done, parked) and passes an operator's retry or discard on to the
 * entity, which holds the event's handlers and their state.
 */
import {
  condition,
  proxyLocalActivities,
  setCurrentDetails,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderingActivities } from '../../activities/ordering';
import type { EventRecord } from '../event-record';

/** Passing an action on is one signal: a local activity (see the entity's reports). */
const { passTurnAction } = proxyLocalActivities<OrderingActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

/** Follows the entity's reports on this event's turn until it is done, discarded or released. */
export async function takeTurn(
  record: EventRecord,
  orderingKey: string,
): Promise<'done' | 'discarded' | 'released'> {
  const { runId } = workflowInfo();
  const passOn = (action: 'retry' | 'discard') =>
    passTurnAction({
      orderingKey,
      action: { eventId: record.event.eventId, eventRunId: runId, action },
    });
  for (;;) {
    const due = () => record.reports.length > 0 || record.decision !== null;
    // Usually the report that woke the workflow is here already: no condition to wait on.
    if (!due()) await condition(due);
    if (record.decision === 'discard') {
      await passOn('discard');
      return 'discarded';
    }
    if (record.decision === 'retry') {
      record.unpark();
      await passOn('retry');
      continue;
    }
    const report = record.reports.shift()!;
    if (report.eventRunId !== runId) continue; // for a run before a reset
    if (report.kind === 'waiting') {
      record.view.waitingFor = report.waitingFor;
      setCurrentDetails(`waiting: behind ${report.waitingFor} on ${orderingKey}`);
      record.setStatus('waiting');
    } else if (report.kind === 'started') {
      record.view.waitingFor = null;
      setCurrentDetails('');
      record.setStatus('processing');
    } else {
      record.recordTurn(report);
      if (report.kind === 'done') return 'done';
      record.park(report.reason);
      if (report.releasedTurn) return 'released';
    }
  }
}
