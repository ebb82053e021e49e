/**
 * The smoke's traffic: simulated Podium events of every family with redeliveries, the whole
 * delivery list shuffled, and each entity's events in causal order (as the scenarios make them,
 * before the shuffle) to check the run against.
 */
import { FAMILIES } from '../../../src/simulator/podium-scenarios';
import { planDeliveries, type PlannedDelivery } from '../../../src/simulator/plan-deliveries';
import { seededRandom, shuffleInPlace } from '../../../src/simulator/random';

export interface SmokePlan {
  deliveries: PlannedDelivery[];
  /** Ordering key → event ids in causal order. */
  causalOrder: Map<string, string[]>;
  /** Ordering keys whose family has a creation event (conversations have none). */
  withCreation: Set<string>;
  eventCount: number;
}

export function smokePlan(events: number, seed: number): SmokePlan {
  const deliveries = planDeliveries({
    events,
    families: FAMILIES,
    duplicates: 0.25,
    shuffle: false,
    batchSize: 1,
    random: seededRandom(seed),
    startMs: Date.now(),
  });
  const causalOrder = new Map<string, string[]>();
  const withCreation = new Set<string>();
  for (const delivery of deliveries) {
    if (delivery.duplicate) continue;
    for (const event of delivery.events) {
      causalOrder.set(event.entity, [...(causalOrder.get(event.entity) ?? []), event.eventUid]);
      if (event.eventType.endsWith('.created')) withCreation.add(event.entity);
    }
  }
  return {
    deliveries: shuffleInPlace([...deliveries], seededRandom(seed + 1)),
    causalOrder,
    withCreation,
    eventCount: events,
  };
}

/**
 * What the run must show for one entity: its events in causal order, except that an entity
 * with no creation event (a conversation) runs whichever event reached it first before the
 * rest, which had all queued behind it by then.
 */
export function expectedOrder(plan: SmokePlan, entity: string, firstRun: string): string[] {
  const causal = plan.causalOrder.get(entity) ?? [];
  if (plan.withCreation.has(entity)) return causal;
  return [firstRun, ...causal.filter((id) => id !== firstRun)];
}
