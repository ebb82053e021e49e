/**
 * All activities, built from their dependencies (never from globals): planning and the
 * ordering protocol's steps (run as local activities), plus one `handler:<name>` activity per
 * registered handler.
 */
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

export function createActivities(deps: ActivityDeps) {
  const handlerActivities = Object.fromEntries(
    deps.registry
      .all()
      .map((handler) => [handlerActivityName(handler.name), handlerActivity(handler, deps)]),
  );
  return { ...createCoreActivities(deps), ...handlerActivities, ...createReplayActivities(deps) };
}
