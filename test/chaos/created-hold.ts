/**
 * When an entity stopped waiting for its `*.created`, as its workflow decides it
 * (workflows/ordering/entity-queue.ts, `pickNextTurn`): a dependent queued at the entity waits
 * for it up to ORDERING_HOLD_TIMEOUT, counted from its arrival there, or not at all when its
 * resource says it was created longer ago than that; once one goes without it, the others
 * queued by then may too (`predecessorWaived`), while a `*.created` that has arrived goes
 * before every dependent still queued. Arrivals come from the entity's history
 * (entity-arrivals.ts); an event with none on record is judged as before, by when the
 * receiver accepted it.
 *
 * Where the outside view cannot be exact it errs towards letting an order pass, never towards
 * reporting one the service does not promise: it cannot see which dependents the entity
 * granted before the `*.created` arrived, so it lets all those queued before it go first; and
 * it tests "created longer ago" against the `*.created`'s arrival, not the dependent's own.
 */
import type { SimulatedEvent } from '../../src/simulator/podium-scenarios';
import type { Arrival, Arrivals } from './entity-arrivals';

export interface CreatedHoldInput {
  events: SimulatedEvent[];
  arrivals: Arrivals;
  acceptedAtMs: Map<string, number>;
  holdTimeoutMs: number;
}

const isCreated = (e: SimulatedEvent) => e.eventType.endsWith('.created');

export function createdHold({ events, arrivals, acceptedAtMs, holdTimeoutMs }: CreatedHoldInput) {
  const byEntity = new Map<string, SimulatedEvent[]>();
  for (const e of events) byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e]);
  const accepted = (e: SimulatedEvent) => acceptedAtMs.get(e.eventUid);
  const holdEnded = (a: Arrival, byMs: number) =>
    a.atMs + holdTimeoutMs <= byMs || Date.parse(a.resourceCreatedAt ?? '') < byMs - holdTimeoutMs;

  /**
   * Whether `event` reached its entity before `untilMs` and before the entity's `*.created`,
   * and by then some dependent queued there had its hold end. A dependent queued after the
   * `*.created` waits behind it, hold or not.
   */
  const heldPast = (event: SimulatedEvent, untilMs: number): boolean => {
    const entityEvents = byEntity.get(event.entity) ?? [];
    const created = entityEvents.find(isCreated);
    const byMs = Math.min(untilMs, (created && arrivals.get(created.eventUid)?.atMs) ?? Infinity);
    const queuedBefore = (e: SimulatedEvent) => {
      const arrival = arrivals.get(e.eventUid);
      return arrival && arrival.atMs < byMs ? arrival : undefined;
    };
    if (!queuedBefore(event)) return false;
    return entityEvents.some((e) => {
      const arrival = e === created ? undefined : queuedBefore(e);
      return arrival !== undefined && holdEnded(arrival, byMs);
    });
  };

  return {
    /** Whether `other` may have had its turn before `created` reached the entity. */
    mayPrecedeCreated(created: SimulatedEvent, other: SimulatedEvent): boolean {
      const arrivedAt = arrivals.get(created.eventUid)?.atMs;
      if (arrivedAt !== undefined && arrivals.has(other.eventUid))
        return heldPast(other, arrivedAt);
      return (accepted(created) ?? 0) - (accepted(other) ?? 0) > holdTimeoutMs;
    },
    /** Whether `event` could have had its turn by `ms` without its `*.created`. */
    overBy(event: SimulatedEvent, ms: number): boolean {
      if (arrivals.has(event.eventUid)) return heldPast(event, ms);
      const acceptedAt = accepted(event);
      return acceptedAt === undefined || ms - acceptedAt >= holdTimeoutMs;
    },
  };
}
