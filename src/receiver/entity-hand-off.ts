/**
 * The receiver's hand-off of an event to its entity, so that the event's workflow does not
 * plan it itself (one local activity and one workflow task less per event): the receiver plans
 * the event with the same handler registry as the workers, starts its workflow asleep (a start
 * delay) with the plan, and once Temporal has accepted the start, queues the event's ticket on
 * its entity by signal-with-start. The entity's first report wakes the event's workflow. Should
 * the hand-off be lost (the receiver killed between the start and the signal, Temporal failing
 * the signal), the event's workflow wakes after the fallback delay and queues itself.
 */
import {
  createEventPlanner,
  isCarried,
  enqueueRequestOf,
  type PlanDeps,
} from '../../activities/event-plan';
import {
  createOrderingActivities,
  ENTITY_CONTINUE_AS_NEW_AFTER_EVENTS,
  type OrderingDeps,
} from '../../activities/ordering';
import pLimit from 'p-limit';
import type { HandedOff, ReceivedEvent } from '../../workflows/shared';

export interface EntityHandOff {
  /** The event workflow's second argument; undefined: the workflow plans the event itself. */
  plan(event: ReceivedEvent): HandedOff | undefined;
  /** Queues the started event on its entity, in the background; a failure is only reported. */
  send(
    event: ReceivedEvent,
    handedOff: HandedOff,
    eventRunId: string,
    eventWorkflowId: string,
  ): void;
  /** Resolves once every hand-off under way has ended (graceful shutdown). */
  drain(): Promise<void>;
}

export interface HandOffDeps
  extends PlanDeps, Omit<OrderingDeps, 'entityContinueAsNewAfterEvents'> {
  /** Tests force it small; ENTITY_CONTINUE_AS_NEW_AFTER_EVENTS otherwise. */
  entityContinueAsNewAfterEvents?: number | undefined;
  /** Each hand-off's end: `sent`, `late` (dropped: its workflow queues itself), `failed`. */
  onOutcome?(outcome: 'sent' | 'late' | 'failed', event: ReceivedEvent): void;
  onFailure(error: unknown, event: ReceivedEvent): void;
}

/**
 * Hand-offs under way at once. The receiver's answers wait on starts, never on hand-offs, but
 * both load the same server: a burst's hand-offs queue here instead, so that the starts keep
 * the server (measured by `npm run bench`, README Performance).
 */
export const HANDOFFS_IN_FLIGHT = 8;

export function createEntityHandOff(deps: HandOffDeps): EntityHandOff {
  const planOf = createEventPlanner(deps);
  const activities = createOrderingActivities({
    ...deps,
    entityContinueAsNewAfterEvents:
      deps.entityContinueAsNewAfterEvents ?? ENTITY_CONTINUE_AS_NEW_AFTER_EVENTS,
  });
  const limit = pLimit(HANDOFFS_IN_FLIGHT);
  // Queued this long, its workflow is about to wake and queue itself: a ticket then is spare.
  const lateAfterMs = deps.ordering.handOffFallbackMs / 2;
  const underWay = new Set<Promise<void>>();
  const handOff = async (event: ReceivedEvent, send: () => Promise<void>, queuedAt: number) => {
    if (Date.now() - queuedAt > lateAfterMs) return deps.onOutcome?.('late', event);
    await send();
    deps.onOutcome?.('sent', event);
  };
  return {
    plan(event) {
      const plan = planOf(event);
      if (!plan.ok) return undefined; // it parks: its workflow says why
      // Its handlers would query its workflow for it while that sleeps: let it plan itself.
      if (plan.ordering && !isCarried(event)) return undefined;
      return { plan, fallbackMs: plan.ordering ? deps.ordering.handOffFallbackMs : null };
    },
    send(event, { plan }, eventRunId, eventWorkflowId) {
      const { ordering } = plan;
      if (!ordering) return;
      const request = enqueueRequestOf(
        event,
        { ...plan, ordering },
        { eventWorkflowId, eventRunId },
      );
      const send = () => activities.enqueueOnEntity(request);
      const queuedAt = Date.now();
      const sent = limit(() => handOff(event, send, queuedAt))
        .catch((error: unknown) => {
          deps.onOutcome?.('failed', event);
          deps.onFailure(error, event);
        })
        .finally(() => underWay.delete(sent));
      underWay.add(sent);
    },
    async drain() {
      await Promise.all(underWay);
    },
  };
}
