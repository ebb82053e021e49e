/**
 * One long-lived workflow per ordering key (a contact, conversation, review or invoice). Each
 * event's workflow queues its event here (`enqueue`, by signal-with-start, with its plan); the
 * entity runs the events' handler activities itself, one event at a time in causal order, and
 * reports each outcome to the event's workflow, which records it and closes (or parks).
 *
 * Only a contended entity pays for more: events queued while it is blocked (a parked turn, a
 * hold for `*.created`) are told they wait; a parked turn's event is checked on while others
 * wait (one terminated by hand can never be retried); an event that waited is checked before
 * its turn (one terminated by hand must not run).
 */
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { OrderingActivities } from '../../activities/ordering';
import type { LateEvent } from '../contract/search-attributes';
import { runPendingHandlers } from '../run-handlers';
import {
  enqueueTicket,
  grantTurn,
  isIdle,
  newEntityState,
  pickNextTurn,
  releaseTicket,
  type EntityState,
  type HeldTurn,
  type QueuedTicket,
} from './entity-queue';
import {
  enqueueSignal,
  entityQuery,
  turnActionSignal,
  type EntitySettings,
  type EntityView,
  type TurnReport,
} from './messages';

/** Reports are local activities: see the event workflow's for why, and why they never give up. */
const { reportTurns, eventWorkflowRunning } = proxyLocalActivities<OrderingActivities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

function viewOf(state: EntityState): EntityView {
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
async function report(
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

/** Why a late event parks under its `park` policy. */
function lateReason({ supersededBy: newer }: LateEvent): string {
  return `late: older than ${newer.eventType} ${newer.eventId} (${newer.resourceTime}), which already ran`;
}

/**
 * Runs the holder's turn: its pending handlers (or none, for a late event its policy skips or
 * parks) and reports the outcome; releases the turn unless it parks holding it.
 */
async function runTurn(state: EntityState, holder: HeldTurn): Promise<void> {
  const started = holder.toldWaiting
    ? [{ ticket: holder, report: { kind: 'started', eventRunId: holder.eventRunId } as const }]
    : [];
  await report(started);
  holder.toldWaiting = false;
  const { eventRunId, late } = holder;
  const turn = { withoutPredecessor: holder.withoutPredecessor, late };
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

/**
 * @param settings the entity's key and timing rules
 * @param carried the state of the previous run, when continuing as new
 */
export async function entityWorkflow(
  settings: EntitySettings,
  carried?: EntityState,
): Promise<EntityView> {
  const state: EntityState = carried ?? newEntityState(settings);
  let changes = 0;
  const changed = () => (changes += 1);
  /** The parked holder the one running check timer is for, and whether it has fired. */
  let checkArmedFor: string | null = null;
  let checkDue = false;
  /** One idle deadline timer, re-armed only when it fires (not one timer per event). */
  let idleTimerArmed = false;
  let idleSinceMs = Date.now();
  let idleDue = false;

  setHandler(enqueueSignal, (ticket) => {
    if (enqueueTicket(state, ticket, Date.now()) !== 'repeat') changed();
  });
  setHandler(turnActionSignal, ({ eventId, eventRunId, action }) => {
    const { holder } = state;
    if (action === 'discard') {
      if (releaseTicket(state, eventId)) changed();
    } else if (holder?.eventId === eventId && holder.eventRunId === eventRunId) {
      if (holder.phase === 'parked') {
        holder.phase = 'ready';
        holder.retried = true;
        holder.parkedReason = null;
        changed();
      }
    }
  });
  setHandler(entityQuery, () => viewOf(state));

  for (;;) {
    const { holder } = state;
    if (holder?.phase === 'ready') {
      await runTurn(state, holder);
      if (isIdle(state)) idleSinceMs = Date.now();
      continue;
    }

    const next = pickNextTurn(state, Date.now());
    if (next.kind === 'grant') {
      const ticket = next.ticket;
      const waitedLong = Date.now() - ticket.enqueuedAtMs >= settings.holderCheckIntervalMs;
      if (
        (ticket.toldWaiting || waitedLong) &&
        !(await eventWorkflowRunning({ eventWorkflowId: ticket.eventWorkflowId }))
      ) {
        // Its workflow was terminated by hand while it waited: its handlers must not run.
        log.warn('waiting event no longer runs; skipped', { eventId: ticket.eventId });
        releaseTicket(state, ticket.eventId);
        continue;
      }
      grantTurn(state, ticket, next.withoutPredecessor, Date.now());
      continue;
    }

    // Blocked (a parked turn, or a hold for `*.created`): tell the newly queued they wait.
    const blockedBy = holder
      ? `its turn on ${settings.orderingKey}: event ${holder.eventId} is parked`
      : next.wakeAtMs !== null
        ? `its turn on ${settings.orderingKey}: ${settings.creationType ?? 'an earlier event'} for up to the hold timeout`
        : null;
    const untold = blockedBy ? state.buffer.filter((ticket) => !ticket.toldWaiting) : [];
    if (untold.length > 0) {
      for (const ticket of untold) ticket.toldWaiting = true;
      const gone = await report(
        untold.map((ticket) => ({
          ticket,
          report: { kind: 'waiting', eventRunId: ticket.eventRunId, waitingFor: blockedBy! },
        })),
      );
      for (const eventId of gone) releaseTicket(state, eventId);
      continue;
    }

    if (checkDue) {
      checkDue = false;
      const armedFor: string | null = checkArmedFor;
      checkArmedFor = null;
      if (
        holder?.eventId === armedFor &&
        state.buffer.length > 0 &&
        !(await eventWorkflowRunning({ eventWorkflowId: holder.eventWorkflowId }))
      ) {
        // Parked for a whole interval by a workflow no longer running (terminated by hand).
        log.warn('parked turn holder no longer runs; turn released', { eventId: holder.eventId });
        releaseTicket(state, holder.eventId);
        continue;
      }
    }

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > settings.continueAsNewAfterEvents) {
      await condition(allHandlersFinished);
      state.runsSoFar += 1;
      return continueAsNew<typeof entityWorkflow>(settings, state);
    }

    if (idleDue) {
      idleDue = false;
      const idleForMs = Date.now() - idleSinceMs;
      if (isIdle(state) && idleForMs >= settings.idleTimeoutMs) {
        // Idle for a while: finish. A later event starts a fresh run by signal-with-start.
        await condition(allHandlersFinished);
        return viewOf(state);
      }
    }
    if (isIdle(state) && !idleTimerArmed) {
      idleTimerArmed = true;
      const remainingMs = Math.max(1, settings.idleTimeoutMs - (Date.now() - idleSinceMs));
      void sleep(remainingMs).then(() => {
        idleTimerArmed = false;
        idleDue = true;
        changed();
      });
    }
    // Events wait behind a parked turn: check on its event after an interval.
    if (holder && state.buffer.length > 0 && checkArmedFor === null) {
      checkArmedFor = holder.eventId;
      void sleep(settings.holderCheckIntervalMs).then(() => {
        checkDue = true;
        changed();
      });
    }

    const seen = changes;
    if (next.wakeAtMs === null) await condition(() => changes !== seen);
    else await condition(() => changes !== seen, Math.max(1, next.wakeAtMs - Date.now()));
  }
}
