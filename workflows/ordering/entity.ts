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
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { eventWorkflowRunning, report, runTurn, viewOf } from './entity-turn';
import {
  enqueueTicket,
  grantTurn,
  isIdle,
  newEntityState,
  pickNextTurn,
  releaseTicket,
  type EntityState,
} from './entity-queue';
import {
  enqueueSignal,
  entityQuery,
  turnActionSignal,
  type EntitySettings,
  type EntityView,
} from './messages';

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
