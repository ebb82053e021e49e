/**
 * One long-lived workflow per ordering key (a contact, conversation, review or invoice). Event
 * workflows tell it they exist (`enqueue`, by signal-with-start); it grants them the turn one at
 * a time, in causal order, and they give it back (`turnReleased`) when done or parked. While
 * events wait behind a turn held for long, it checks that the holder still runs: an event
 * workflow terminated by hand can never give its turn back.
 */
import {
  condition,
  continueAsNew,
  allHandlersFinished,
  log,
  patched,
  proxyLocalActivities,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCoreActivities } from '../activities';
import {
  enqueueTicket,
  grantTurn,
  isIdle,
  newEntityState,
  type HeldTurn,
  pickNextTurn,
  releaseTicket,
  type EntityState,
} from './entity-queue';
import {
  enqueueSignal,
  entityQuery,
  turnReleasedSignal,
  type EntitySettings,
  type EntityView,
} from './shared';

/** The grant is a local activity: see the event workflow's for why, and why it never gives up. */
const { signalTurnGranted, eventWorkflowRunning } = proxyLocalActivities<
  ReturnType<typeof createCoreActivities>
>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

/** For runs started before the interval was a setting. */
const DEFAULT_HOLDER_CHECK_INTERVAL_MS = 60_000;

function viewOf(state: EntityState): EntityView {
  const strip = <T extends { enqueuedAtMs: number; seq: number }>({
    enqueuedAtMs: _enqueued,
    seq: _seq,
    ...ticket
  }: T) => ticket;
  return {
    orderingKey: state.settings.orderingKey,
    createdSeen: state.createdSeen,
    holder: state.holder
      ? {
          ...strip(state.holder),
          grantedAt: new Date(state.holder.grantedAtMs).toISOString(),
        }
      : null,
    buffer: state.buffer.map(strip),
    ran: state.ran,
    runsSoFar: state.runsSoFar,
  };
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
  const holderCheckMs = settings.holderCheckIntervalMs ?? DEFAULT_HOLDER_CHECK_INTERVAL_MS;
  /** The holder the one running check timer is for, and whether that timer has fired. */
  let checkArmedFor: string | null = null;
  let checkDue = false;
  let regrantDue = false;

  setHandler(enqueueSignal, (ticket) => {
    if (enqueueTicket(state, ticket, Date.now())) changes += 1;
    else if (state.holder?.eventId === ticket.eventId) {
      // The holder asks again (reset by hand to before its request): it waits for a grant.
      regrantDue = true;
      changes += 1;
    }
  });
  setHandler(turnReleasedSignal, ({ eventId }) => {
    if (releaseTicket(state, eventId)) changes += 1;
  });
  setHandler(entityQuery, () => viewOf(state));

  /** Tells the holder it has the turn; one whose workflow is gone can never give it back. */
  const sendGrant = async (holder: HeldTurn) => {
    const handOff = await signalTurnGranted({
      eventWorkflowId: holder.eventWorkflowId,
      grant: { orderingKey: settings.orderingKey, withoutPredecessor: holder.withoutPredecessor },
    });
    if (handOff === 'gone') {
      // The event workflow is gone (terminated by hand): it can never release the turn.
      log.warn('event workflow gone; turn released', { eventId: holder.eventId });
      releaseTicket(state, holder.eventId);
    }
  };

  for (;;) {
    if (regrantDue && state.holder && patched('regrant')) {
      regrantDue = false;
      await sendGrant(state.holder);
      continue;
    }
    regrantDue = false;

    const next = pickNextTurn(state, Date.now());
    if (next.kind === 'grant') {
      await sendGrant(grantTurn(state, next.ticket, next.withoutPredecessor, Date.now()));
      continue;
    }

    if (checkDue) {
      checkDue = false;
      const holder = state.holder;
      const armedFor = checkArmedFor;
      checkArmedFor = null;
      if (
        holder?.eventId === armedFor &&
        state.buffer.length > 0 &&
        !(await eventWorkflowRunning({ eventWorkflowId: holder.eventWorkflowId }))
      ) {
        // Held for a whole interval by a workflow no longer running (terminated by hand).
        log.warn('turn holder no longer runs; turn released', { eventId: holder.eventId });
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

    // Events wait behind a holder: check on it after an interval (histories recorded before
    // the check existed replay without its timer).
    if (
      state.holder &&
      state.buffer.length > 0 &&
      checkArmedFor === null &&
      patched('holder-check')
    ) {
      checkArmedFor = state.holder.eventId;
      void sleep(holderCheckMs).then(() => {
        checkDue = true;
        changes += 1;
      });
    }

    const seen = changes;
    const waitMs = isIdle(state)
      ? settings.idleTimeoutMs
      : next.wakeAtMs === null
        ? undefined
        : Math.max(1, next.wakeAtMs - Date.now());
    const changed =
      waitMs === undefined
        ? await condition(() => changes !== seen).then(() => true)
        : await condition(() => changes !== seen, waitMs);
    if (!changed && isIdle(state)) {
      // Idle for a while: finish. A later event starts a fresh run by signal-with-start.
      await condition(allHandlersFinished);
      return viewOf(state);
    }
  }
}
