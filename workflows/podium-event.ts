/**
 * One workflow per Podium event: the operators' record of it. It plans the event and, when
 * the event belongs to an entity, queues it there in the same step; the entity runs its
 * handlers in causal order and reports back. An event of no entity runs its handlers here.
 * It ends `done`, or parks — open with the raw event and the error — until an operator
 * retries or discards it. Plan → turn → handlers → close.
 */
import { condition, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { CoreActivities } from '../activities';
import { EventRecord } from './event-record';
import { takeTurn } from './ordering/take-turn';
import { pendingViews, runPendingHandlers } from './run-handlers';
import type {
  EventPlan,
  EventStatus,
  EventStatusView,
  HandedOff,
  HandlerView,
  ReceivedEvent,
} from './shared';

/**
 * Planning is pure computation plus one signal-with-start: a local activity, run inside the
 * workflow task, saves the activity-task round trips. It retries until it succeeds: giving up
 * would fail the event instead of leaving it visibly stuck.
 */
const { planEvent } = proxyLocalActivities<CoreActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

export interface EventOutcome {
  status: Extract<EventStatus, 'done' | 'discarded'>;
  view: EventStatusView;
}

type Planned = Extract<EventPlan, { ok: true }>;

/**
 * @param handedOff the receiver's plan, when it handed the event to its entity itself; without
 *   it the workflow plans the event (and queues it on its entity) in a local activity.
 */
export async function podiumEventWorkflow(
  event: ReceivedEvent,
  handedOff?: HandedOff,
): Promise<EventOutcome> {
  const record = new EventRecord(event);
  record.listen();
  const close = (status: EventOutcome['status']): EventOutcome => {
    record.setStatus(status);
    return { status, view: record.view };
  };

  const plan = handedOff ? await handedOffPlan(record, handedOff) : await planned(record);
  if (!plan) return close('discarded');
  let handlers: HandlerView[] = pendingViews(plan.handlers);
  record.recordHandlers(handlers, null);

  if (plan.ordering) {
    record.view.orderingKey = plan.ordering.key;
    const turn = await takeTurn(record, plan.ordering.key);
    if (turn !== 'released') return close(turn);
    // Parked with its turn released: a retry runs what failed here, out of its entity's order.
    handlers = record.view.handlers;
    if (!(await decided(record))) return close('discarded');
  }

  for (;;) {
    const result = await runPendingHandlers(
      { event, eventWorkflowId: workflowInfo().workflowId, late: record.view.late },
      plan.handlers,
      handlers,
    );
    record.recordHandlers(handlers, result.ok ? null : result.lastError);
    if (result.ok) return close('done');
    record.park(result.reason);
    if (!(await decided(record))) return close('discarded');
  }
}

/**
 * The receiver's plan, once the entity has the event: its first report woke this workflow from
 * its start delay. Woken by the delay instead, with no report, the hand-off was lost: the
 * workflow plans and queues the event itself (the entity ignores a ticket it already has).
 */
async function handedOffPlan(record: EventRecord, { plan, fallbackMs }: HandedOff) {
  if (!plan.ordering || fallbackMs === null) return plan;
  record.orderingKeyOnRecord(plan.ordering.key);
  // A report to another run does not count: a run reset by hand queues itself afresh.
  const { runId } = workflowInfo();
  const reported = () => record.reports.some((report) => report.eventRunId === runId);
  // The usual case: the report woke it. Waiting would arm (and drop) a timer for nothing.
  if (reported()) return plan;
  const fallbackInMs = workflowInfo().startTime.getTime() + fallbackMs - Date.now();
  // Woken early by something else than a report (a plain signal does not wake it): sleep on.
  if (fallbackInMs > 0) await condition(reported, fallbackInMs);
  return reported() ? plan : planned(record);
}

/** Plans the event; what cannot be understood parks, never drops. Null: discarded. */
async function planned(record: EventRecord): Promise<Planned | null> {
  const { event } = record;
  const { workflowId, runId } = workflowInfo();
  const plan = () => planEvent({ event, eventWorkflowId: workflowId, eventRunId: runId });
  let result: EventPlan = event.malformedReason
    ? { ok: false, reason: `malformed: ${event.malformedReason}` }
    : await plan();
  while (!result.ok) {
    record.park(result.reason);
    if (!(await decided(record))) return null;
    result = await plan();
  }
  return result;
}

/** Waits for the operator of a parked event: true to run again, false when discarded. */
async function decided(record: EventRecord): Promise<boolean> {
  await condition(() => record.decision !== null);
  if (record.decision === 'discard') return false;
  record.unpark();
  return true;
}
