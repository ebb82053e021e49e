/**
 * The planning step of an event's workflow, when it plans itself (the receiver did not hand it
 * to its entity, or the hand-off never arrived): the plan, on record in its history, and for an
 * ordered event its ticket queued on its entity in the same step (one local activity).
 */
import type { EventPlan, ReceivedEvent } from '../workflows/shared';
import { createEventPlanner, enqueueRequestOf, type PlanDeps } from './event-plan';
import type { OrderingActivities } from './ordering';

export type { PlanDeps } from './event-plan';

export interface PlanInput {
  event: ReceivedEvent;
  eventWorkflowId: string;
  eventRunId: string;
}

export function createPlanEvent(
  deps: PlanDeps,
  { enqueueOnEntity }: Pick<OrderingActivities, 'enqueueOnEntity'>,
) {
  const planOf = createEventPlanner(deps);
  return async function planEvent({
    event,
    eventWorkflowId,
    eventRunId,
  }: PlanInput): Promise<EventPlan> {
    const plan = planOf(event);
    if (!plan.ok || !plan.ordering) return plan;
    const { ordering } = plan;
    await enqueueOnEntity(
      enqueueRequestOf(event, { ...plan, ordering }, { eventWorkflowId, eventRunId }),
    );
    return plan;
  };
}
