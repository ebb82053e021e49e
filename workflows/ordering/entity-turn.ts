/**
 * An entity's side of one event's turn: running its handlers (or none, for a late event its
 * policy skips or parks), and the reports to the event's workflow. Also the entity's view.
 */
import { metricMeter, proxyLocalActivities } from '@temporalio/workflow';
import type { OrderingActivities } from '../../activities/ordering';
import type { LateEvent } from '../contract/search-attributes';
import { runPendingHandlers } from '../run-handlers';
import { releaseTicket, type EntityState, type HeldTurn, type QueuedTicket } from './entity-queue';
import type { EntityView, TurnReport } from './messages';

/** Reports are local activities: see the event workflow's for why, and why they never give up. */
export const { reportTurns, eventWorkflowRunning } = proxyLocalActivities<OrderingActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

export function viewOf(state: EntityState): EntityView {
  const strip = (ticket: QueuedTicket) => ({
    eventId: ticket.eventId,
    eventWorkflowId: ticket.eventWorkflowId,
    eventType: ticket.eventType,
    resourceTime: ticket.resourceTime,
    resourceCreatedAt: ticket.resourceCreatedAt,
  });
  const { holder } = state;
  return {
    orderingKey: state.settings.orderingKey,
    createdSeen: state.createdSeen,
    holder: holder
      ? {
          ...strip(holder),
          grantedAt: new Date(holder.grantedAtMs).toISOString(),
          parkedReason: holder.parkedReason,
        }
      : null,
    buffer: state.buffer.map(strip),
    ran: state.ran.map(({ eventRunId: _run, ...record }) => record),
    runsSoFar: state.runsSoFar,
  };
}

/** Sends reports; returns the ids of events whose workflow is gone (terminated by hand). */
export async function report(
  reports: { ticket: QueuedTicket; report: TurnReport }[],
): Promise<Set<string>> {
  if (reports.length === 0) return new Set();
  const handOffs = await reportTurns(
    reports.map(({ ticket, report }) => ({ eventWorkflowId: ticket.eventWorkflowId, report })),
  );
  return new Set(
    reports.flatMap(({ ticket }, i) => (handOffs[i] === 'gone' ? [ticket.eventId] : [])),
  );
}

/**
 * For on-call, beside the search attribute: late events by type and the policy applied. The
 * SDK's workflow meter records nothing while a history replays, so each is counted once.
 */
function countLate(eventType: string, late: LateEvent): void {
  metricMeter
    .createCounter('podium_events_late', '', 'Events older than one of their entity that had run')
    .add(1, { event_type: eventType, policy: late.policy });
}

/** Why a late event parks under its `park` policy. */
function lateReason({ supersededBy: newer }: LateEvent): string {
  return `late: older than ${newer.eventType} ${newer.eventId} (${newer.resourceTime}), which already ran`;
}

/**
 * Runs the holder's turn: its pending handlers (or none, for a late event its policy skips or
 * parks) and reports the outcome; releases the turn unless it parks holding it.
 */
export async function runTurn(state: EntityState, holder: HeldTurn): Promise<void> {
  // Only an event told it waits hears that it started (each await costs the sandbox promises).
  if (holder.toldWaiting) {
    await report([{ ticket: holder, report: { kind: 'started', eventRunId: holder.eventRunId } }]);
    holder.toldWaiting = false;
  }
  const { eventRunId, late } = holder;
  const turn = { withoutPredecessor: holder.withoutPredecessor, late };
  if (late && !holder.retried) countLate(holder.eventType, late);
  if (late?.policy === 'skip') {
    releaseTicket(state, holder.eventId);
    const done = { handlers: holder.handlerViews, lastError: null, ...turn };
    await report([{ ticket: holder, report: { kind: 'done', eventRunId, ...done } }]);
    return;
  }
  if (late?.policy === 'park' && !holder.retried) {
    await parkTurn(state, holder, lateReason(late), null);
    return;
  }
  const result = await runPendingHandlers(
    { event: holder.event, eventWorkflowId: holder.eventWorkflowId, late },
    holder.handlers,
    holder.handlerViews,
    (handlers) => ({ kind: 'done', eventRunId, handlers, lastError: null, ...turn }),
  );
  if (state.holder !== holder) return; // discarded, or rerun, while its handlers ran
  if (!result.ok) return parkTurn(state, holder, result.reason, result.lastError);
  releaseTicket(state, holder.eventId);
  // Its last handler's activity reported it, unless that failed.
  if (!result.reported) {
    const done = { handlers: holder.handlerViews, lastError: null, ...turn };
    await report([{ ticket: holder, report: { kind: 'done', eventRunId, ...done } }]);
  }
}

async function parkTurn(
  state: EntityState,
  holder: HeldTurn,
  reason: string,
  lastError: string | null,
): Promise<void> {
  const releasedTurn = holder.releaseTurnOnPark;
  holder.phase = 'parked';
  holder.parkedReason = reason;
  if (releasedTurn) releaseTicket(state, holder.eventId);
  const parked = {
    kind: 'parked',
    eventRunId: holder.eventRunId,
    reason,
    releasedTurn,
    handlers: holder.handlerViews,
    lastError,
    withoutPredecessor: holder.withoutPredecessor,
    late: holder.late,
  } as const;
  const gone = await report([{ ticket: holder, report: parked }]);
  if (gone.has(holder.eventId)) releaseTicket(state, holder.eventId);
}
