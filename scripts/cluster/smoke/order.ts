/** Per-entity order checks: what the sink saw against causal order and the entity's own record. */
import type { Client } from '@temporalio/client';
import { entityQuery, entityWorkflowId } from '../../../workflows/shared';
import { check, type Check } from './checks';
import { expectedOrder, type SmokePlan } from './plan';

/** Event ids per entity, in the order the sink accepted them. */
function sinkOrderByEntity(plan: SmokePlan, accepted: string[]): Map<string, string[]> {
  const entityOf = new Map<string, string>();
  for (const [entity, ids] of plan.causalOrder) for (const id of ids) entityOf.set(id, entity);
  const byEntity = new Map<string, string[]>();
  for (const id of accepted) {
    const entity = entityOf.get(id);
    if (entity) byEntity.set(entity, [...(byEntity.get(entity) ?? []), id]);
  }
  return byEntity;
}

/** Every entity's events all queued at its workflow (granted or waiting). */
export async function allQueued(client: Client, plan: SmokePlan, done: Set<string>) {
  for (const [entity, ids] of plan.causalOrder) {
    if (done.has(entity)) continue;
    try {
      const view = await client.workflow.getHandle(entityWorkflowId(entity)).query(entityQuery);
      if (view.buffer.length + view.ran.length < ids.length) return false;
      done.add(entity);
    } catch {
      return false; // not started yet
    }
  }
  return true;
}

/** The entities whose events the sink did not see in the order they must run in. */
export function misorderedEntities(plan: SmokePlan, accepted: string[]): string[] {
  const seen = sinkOrderByEntity(plan, accepted);
  return [...plan.causalOrder.keys()].filter((entity) => {
    const order = seen.get(entity) ?? [];
    return order.join() !== expectedOrder(plan, entity, order[0] ?? '').join();
  });
}

/**
 * @param accepted event ids in the order of their first effect
 * @param lastAccepted in the order of their last. A handler's inline first attempt that ran in
 *   a workflow task a killed worker never completed is not on the entity's record: when the
 *   task was retried, the entity either ran that event again in its turn (so its last effect
 *   is in the entity's order) or found its workflow already closed `done` by that attempt's
 *   report and skipped it (README, Reliability). The grant order is compared with the last
 *   effects of the events granted; the causal check above judges every first effect.
 */
export async function orderChecks(
  client: Client,
  plan: SmokePlan,
  accepted: string[],
  lastAccepted: string[],
): Promise<Check[]> {
  const misordered = misorderedEntities(plan, accepted);
  const seenLast = sinkOrderByEntity(plan, lastAccepted);
  const disagreeing: string[] = [];
  let ungranted = 0;
  for (const entity of plan.causalOrder.keys()) {
    const view = await client.workflow.getHandle(entityWorkflowId(entity)).query(entityQuery);
    const ids = view.ran.map((r) => r.eventId);
    const granted = ids.join();
    const effects = seenLast.get(entity) ?? [];
    ungranted += effects.filter((id) => !ids.includes(id)).length;
    const last = effects.filter((id) => ids.includes(id)).join();
    if (granted !== last) disagreeing.push(`${entity} (granted ${granted}; last effects ${last})`);
  }
  const entities = plan.causalOrder.size;
  return [
    check(
      `each entity's events forwarded in causal order (${entities} entities)`,
      misordered.length === 0,
      misordered.length ? `out of order: ${misordered.slice(0, 5).join(', ')}` : undefined,
    ),
    check(
      "the sink's last effects of each entity's granted events are in the order it granted them",
      disagreeing.length === 0,
      disagreeing.length
        ? `differ: ${disagreeing.slice(0, 3).join('; ')}`
        : `${ungranted} event(s) ran only in a workflow task the killed worker lost`,
    ),
  ];
}
