/**
 * All activities, built from their dependencies (never from globals): the planning and
 * ordering steps (run as local activities), plus one `handler:<name>` activity per registered handler.
 */
import { handlerActivityName } from '../workflows/shared';
import type { HandlerRegistry } from './handler-registry';
import { createPlanEvent, type PlanDeps } from './plan-event';
import { createRequestTurn, type RequestTurnDeps } from './request-turn';
import { createReplayActivities } from './replay';
import { handlerActivity } from './run-handler';
import { createTurnSignals } from './turn-signals';

export type ActivityDeps = PlanDeps & RequestTurnDeps & { registry: HandlerRegistry };

export function createCoreActivities(deps: ActivityDeps) {
  return {
    planEvent: createPlanEvent(deps),
    requestTurn: createRequestTurn(deps),
    ...createTurnSignals(deps),
  };
}

export function createActivities(deps: ActivityDeps) {
  const handlerActivities = Object.fromEntries(
    deps.registry
      .all()
      .map((handler) => [handlerActivityName(handler.name), handlerActivity(handler, deps)]),
  );
  return { ...createCoreActivities(deps), ...handlerActivities, ...createReplayActivities(deps) };
}
