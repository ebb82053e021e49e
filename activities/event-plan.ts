/**
 * What will happen to an event, decided once from its type and the handler registry: which
 * handlers run with which retry policies, and which entity orders it. Pure: the receiver plans
 * an event before handing it to its entity, the worker when an event's workflow plans itself.
 */
import type { Config } from '../src/config';
import {
  creationTypeFor,
  formatOrderingKey,
  orderingKeyOf,
  resourceCreatedAtOf,
  resourceTimeOf,
} from '../src/podium/ordering';
import { searchableId } from '../src/temporal/usable-id';
import type { TurnTicket } from '../workflows/ordering/messages';
import type { EventPlan, ReceivedEvent } from '../workflows/shared';
import type { HandlerRegistry } from './handler-registry';
import { parseReceivedEvent } from './received-event';

export interface PlanDeps {
  registry: HandlerRegistry;
  handlerDefaults: Config['handlers'];
}

export type PlannedEvent = Extract<EventPlan, { ok: true }>;
export type OrderedPlan = PlannedEvent & { ordering: NonNullable<PlannedEvent['ordering']> };

/**
 * An event whose bodies are larger than this travels to its entity without them (its handlers
 * read it from its own workflow): an entity carries its queue across continue-as-new in one
 * payload (2 MiB), and Podium's events are a few KiB.
 */
export const LARGEST_EVENT_CARRIED_CHARS = 32 * 1024;

export function createEventPlanner({ registry, handlerDefaults }: PlanDeps) {
  return function planOf(event: ReceivedEvent): EventPlan {
    if (event.malformedReason) return { ok: false, reason: `malformed: ${event.malformedReason}` };
    const parsed = parseReceivedEvent(event);
    if (!parsed.ok) return { ok: false, reason: `malformed: ${parsed.reason}` };
    const { eventType } = parsed.event;
    const handlers = registry.handlersFor(eventType);
    if (handlers.length === 0) {
      return { ok: false, reason: `no handler is registered for ${eventType}` };
    }
    const key = orderingKeyOf(parsed.event);
    return {
      ok: true,
      eventType,
      handlers: handlers.map((handler) => ({
        name: handler.name,
        retry: { ...handlerDefaults.retry, ...handler.options.retry },
        timeoutMs: handler.options.timeoutMs ?? handlerDefaults.timeoutMs,
        inline: handler.options.firstAttempt !== 'activity',
      })),
      ordering: key
        ? {
            // Part of the entity's workflow id and a search-attribute value: bounded, findable.
            key: formatOrderingKey({ ...key, id: searchableId(key.id) }),
            creationType: creationTypeFor(key.kind) ?? null,
            resourceTime: resourceTimeOf(parsed.event) ?? null,
            resourceCreatedAt: resourceCreatedAtOf(parsed.event) ?? null,
            releaseTurnOnPark: registry.releasesTurnOnPark(eventType),
            latePolicy: registry.latePolicyFor(eventType),
          }
        : null,
    };
  };
}

export type EventPlanner = ReturnType<typeof createEventPlanner>;

/** Whether the event travels with its ticket; if not, its handlers read it from its workflow. */
export function isCarried(event: ReceivedEvent): boolean {
  const size = event.body.length + (event.batch?.deliveryBody?.length ?? 0);
  return size <= LARGEST_EVENT_CARRIED_CHARS;
}

/** What queues the event on its entity: the entity's key and kind, and the event's ticket. */
export function enqueueRequestOf(
  event: ReceivedEvent,
  plan: OrderedPlan,
  run: { eventWorkflowId: string; eventRunId: string },
) {
  const { key: orderingKey, creationType } = plan.ordering;
  return { orderingKey, creationType, ticket: turnTicketOf(event, plan, run) };
}

/** The event's place in its entity's queue, with everything the entity needs to run it. */
function turnTicketOf(
  event: ReceivedEvent,
  plan: OrderedPlan,
  run: { eventWorkflowId: string; eventRunId: string },
): TurnTicket {
  const { ordering } = plan;
  return {
    eventId: event.eventId,
    ...run,
    eventType: plan.eventType,
    resourceTime: ordering.resourceTime,
    resourceCreatedAt: ordering.resourceCreatedAt,
    handlers: plan.handlers,
    releaseTurnOnPark: ordering.releaseTurnOnPark,
    latePolicy: ordering.latePolicy,
    event: isCarried(event) ? event : null,
  };
}
