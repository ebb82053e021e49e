/**
 * Decides, once per event and on record in its history, what the event workflow will do:
 * which handlers run with which retry policies, and which entity's turn it waits for.
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
import { parseReceivedEvent } from './received-event';

export interface PlanDeps {
  registry: HandlerRegistry;
  handlerDefaults: Config['handlers'];
}

export function createPlanEvent({ registry, handlerDefaults }: PlanDeps) {
  return async function planEvent(event: ReceivedEvent): Promise<EventPlan> {
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
          }
        : null,
    };
  };
}
