/**
 * One long-lived workflow per ordering key (a contact, conversation, review or invoice). Event
 * workflows tell it they exist (`enqueue`, by signal-with-start); it grants them the turn one at
 * a time, in causal order, and they give it back (`turnReleased`) when done or parked.
 */
import {
  condition,
  continueAsNew,
  allHandlersFinished,
  log,
  proxyLocalActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createCoreActivities } from '../activities';
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
  turnReleasedSignal,
  type EntitySettings,
  type EntityView,
} from './shared';

/** The grant is a local activity: see the event workflow's for why, and why it never gives up. */
const { signalTurnGranted } = proxyLocalActivities<ReturnType<typeof createCoreActivities>>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

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

  setHandler(enqueueSignal, (ticket) => {
    if (enqueueTicket(state, ticket, Date.now())) changes += 1;
  });
  setHandler(turnReleasedSignal, ({ eventId }) => {
    if (releaseTicket(state, eventId)) changes += 1;
  });
  setHandler(entityQuery, () => viewOf(state));

  for (;;) {
    const next = pickNextTurn(state, Date.now());
    if (next.kind === 'grant') {
      grantTurn(state, next.ticket, next.withoutPredecessor, Date.now());
      const handOff = await signalTurnGranted({
        eventWorkflowId: next.ticket.eventWorkflowId,
        grant: { orderingKey: settings.orderingKey, withoutPredecessor: next.withoutPredecessor },
      });
      if (handOff === 'gone') {
        // The event workflow is gone (terminated by hand): it can never release the turn.
        log.warn('event workflow gone; turn released', { eventId: next.ticket.eventId });
        releaseTicket(state, next.ticket.eventId);
      }
      continue;
    }

    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength > settings.continueAsNewAfterEvents) {
      await condition(allHandlersFinished);
      state.runsSoFar += 1;
      return continueAsNew<typeof entityWorkflow>(settings, state);
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
