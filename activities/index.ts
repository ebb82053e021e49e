/**
 * All activities, built from their dependencies (never from globals): planning and the
 * ordering protocol's steps (run as local activities), plus one `handler:<name>` activity per
 * registered handler.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import { handlerActivityName } from '../workflows/shared';
import type { HandlerRegistry } from './handler-registry';
import { createOrderingActivities, type OrderingDeps } from './ordering';
import { createPlanEvent, type PlanDeps } from './plan-event';
import { createReplayActivities } from './replay';
import { handlerActivity } from './run-handler';

export type ActivityDeps = PlanDeps & OrderingDeps & { registry: HandlerRegistry };

export function createCoreActivities(deps: ActivityDeps) {
  const ordering = createOrderingActivities(deps);
  return { planEvent: createPlanEvent(deps, ordering), ...ordering };
}

export type CoreActivities = ReturnType<typeof createCoreActivities>;

/**
 * The SDK's fallback for an activity type this worker does not have: a handler an event was
 * planned with (by a receiver of another deploy) that this worker lacks. It fails like any
 * attempt (retried, then parked), never as the SDK's own not-found error, which leaves no
 * marker for a local activity and so breaks the replay of the entity that ran it.
 */
async function unknownActivity(): Promise<never> {
  const { activityType } = Context.current().info;
  return Promise.reject(
    ApplicationFailure.retryable(
      `${activityType} is not registered on this worker: deploy receivers and workers with the same handlers`,
      'NotRegistered',
    ),
  );
}

export function createActivities(deps: ActivityDeps) {
  const handlerActivities = Object.fromEntries(
    deps.registry
      .all()
      .map((handler) => [handlerActivityName(handler.name), handlerActivity(handler, deps)]),
  );
  return {
    ...createCoreActivities(deps),
    ...handlerActivities,
    ...createReplayActivities(deps),
    default: unknownActivity,
  };
}
