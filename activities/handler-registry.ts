/**
 * Where engineers register what happens to each Podium event type. Each registered handler
 * runs as its own Temporal activity (`handler:<name>`) with an explicit retry policy.
 */
import type { RetrySettings } from '../src/config';
import type { PodiumEvent } from '../src/podium/schemas';
import type { PodiumEventType } from '../src/podium/event-types';
import type { LateEvent, LatePolicy, ReceivedEvent } from '../workflows/shared';

export interface HandlerContext<E extends PodiumEvent = PodiumEvent> {
  /** The event, parsed and validated. */
  event: E;
  /** The bytes exactly as Podium sent them (for forwarding or re-verifying). */
  rawBody: Buffer;
  /** Everything kept with the event: id, signature headers, receive time. */
  received: ReceivedEvent;
  /** Stable across retries of this handler for this event: pass it to APIs that take one. */
  idempotencyKey: string;
  /** 1 on the first attempt, 2 on the first retry… */
  attempt: number;
  /**
   * Set when the event is late: older than an event of the same entity that already ran (a
   * Podium retry or pause reordered them). Don't let an old state overwrite a newer one.
   */
  late: LateEvent | null;
}

/** A handler returns nothing or a short detail that is kept on the event's record. */
export type PodiumHandler<E extends PodiumEvent = PodiumEvent> = (
  context: HandlerContext<E>,
) => Promise<string | void>;

/**
 * Throw this when retrying can never help (a 4xx from a downstream API, data that can never be
 * valid): the remaining retries are skipped and the event parks at once.
 */
export class PermanentHandlerError extends Error {
  override name = 'PermanentHandlerError';
}

export interface HandlerOptions {
  retry?: Partial<RetrySettings>;
  timeoutMs?: number;
  /**
   * Where the first attempt runs: `inline` (the default), as a local activity inside the
   * workflow task that runs the event — no activity task, a third fewer persistence writes per
   * event — holding one of the worker's workflow-task slots while it runs; or `activity`, like
   * the retries. A handler that may take seconds should say `activity`.
   */
  firstAttempt?: 'inline' | 'activity';
}

export interface RegisteredHandler {
  name: string;
  /** Event types it handles; `*` for every type. */
  eventType: PodiumEventType | '*';
  handle: PodiumHandler;
  options: HandlerOptions;
}

type EventOf<T extends PodiumEventType> = Extract<PodiumEvent, { eventType: T }>;

export class HandlerRegistry {
  readonly #handlers: RegisteredHandler[] = [];
  readonly #releaseTurnOnPark = new Set<string>();
  readonly #latePolicies = new Map<string, LatePolicy>();

  /** Registers a handler for one event type; it receives that type's parsed event. */
  on<T extends PodiumEventType>(
    eventType: T,
    name: string,
    handle: PodiumHandler<EventOf<T>>,
    options: HandlerOptions = {},
  ): this {
    return this.#add({ name, eventType, handle: handle as PodiumHandler, options });
  }

  /** Registers a catch-all handler that runs for every event type, after the specific ones. */
  onAny(name: string, handle: PodiumHandler, options: HandlerOptions = {}): this {
    return this.#add({ name, eventType: '*', handle, options });
  }

  /**
   * Ordering policy: when an event of this type parks, release its entity's turn so later
   * events of the entity go on (by default a parked event holds the turn).
   */
  releaseTurnOnPark(eventType: PodiumEventType): this {
    this.#releaseTurnOnPark.add(eventType);
    return this;
  }

  /**
   * Ordering policy for a late event of this type (older than one of its entity's that already
   * ran): `run` it, told so in its context (the default); `skip` it, closed as done and
   * findable by `PodiumEventLate = 'skip'`; or `park` it for an operator.
   */
  whenLate(eventType: PodiumEventType, policy: LatePolicy): this {
    this.#latePolicies.set(eventType, policy);
    return this;
  }

  latePolicyFor(eventType: string): LatePolicy {
    return this.#latePolicies.get(eventType) ?? 'run';
  }

  handlersFor(eventType: string): RegisteredHandler[] {
    return [
      ...this.#handlers.filter((handler) => handler.eventType === eventType),
      ...this.#handlers.filter((handler) => handler.eventType === '*'),
    ];
  }

  releasesTurnOnPark(eventType: string): boolean {
    return this.#releaseTurnOnPark.has(eventType);
  }

  all(): readonly RegisteredHandler[] {
    return this.#handlers;
  }

  #add(handler: RegisteredHandler): this {
    if (!/^[A-Za-z][\w.-]*$/.test(handler.name)) {
      throw new Error(`handler name "${handler.name}" must be a word (letters, digits, . _ -)`);
    }
    if (this.#handlers.some((existing) => existing.name === handler.name)) {
      throw new Error(`a handler named "${handler.name}" is already registered`);
    }
    this.#handlers.push(handler);
    return this;
  }
}
