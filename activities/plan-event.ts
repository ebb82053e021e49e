/**
 * Decides, once per event and on record in its history, what will happen to it: which
 * handlers run with which retry policies, and which entity orders it. An ordered event is
 * queued on its entity in the same step (one local activity), with its plan: the entity runs it.
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
import type { EventPlan, ReceivedEvent } from '../workflows/shared';
import type { HandlerRegistry } from './handler-registry';
import type { OrderingActivities } from './ordering';
import { parseReceivedEvent } from './received-event';

export interface PlanDeps {
  registry: HandlerRegistry;
  handlerDefaults: Config['handlers'];
}

/**
 * An event whose bodies are larger than this travels to its entity without them (its handlers
 * read it from its own workflow): an entity carries its queue across continue-as-new in one
 * payload (2 MiB), and Podium's events are a few KiB.
 */
export const LARGEST_EVENT_CARRIED_CHARS = 32 * 1024;

export interface PlanInput {
  event: ReceivedEvent;
  eventWorkflowId: string;
  eventRunId: string;
}

export function createPlanEvent(
  { registry, handlerDefaults }: PlanDeps,
  { enqueueOnEntity }: Pick<OrderingActivities, 'enqueueOnEntity'>,
) {
  function plan(event: ReceivedEvent): EventPlan {
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
  }

  return async function planEvent({
    event,
    eventWorkflowId,
    eventRunId,
  }: PlanInput): Promise<EventPlan> {
    const planned = plan(event);
    if (!planned.ok || !planned.ordering) return planned;
    const { ordering } = planned;
    const size = event.body.length + (event.batch?.deliveryBody?.length ?? 0);
    await enqueueOnEntity({
      orderingKey: ordering.key,
      creationType: ordering.creationType,
      ticket: {
        eventId: event.eventId,
        eventWorkflowId,
        eventRunId,
        eventType: planned.eventType,
        resourceTime: ordering.resourceTime,
        resourceCreatedAt: ordering.resourceCreatedAt,
        handlers: planned.handlers,
        releaseTurnOnPark: ordering.releaseTurnOnPark,
        latePolicy: ordering.latePolicy,
        event: size > LARGEST_EVENT_CARRIED_CHARS ? null : event,
      },
    });
    return planned;
  };
}
