/** What an event's planning step decides: its handlers, their retry policies, its ordering. */
import type { LatePolicy } from './search-attributes';

export interface RetryPolicySpec {
  maximumAttempts: number;
  initialIntervalMs: number;
  maximumIntervalMs: number;
  backoffCoefficient: number;
}

export interface PlannedHandler {
  name: string;
  retry: RetryPolicySpec;
  timeoutMs: number;
  /** Its first attempt runs as a local activity (absent: yes). */
  inline?: boolean;
}

export interface OrderingPlan {
  key: string;
  /** The `*.created` type this entity's other events depend on, if the family has one. */
  creationType: string | null;
  resourceTime: string | null;
  resourceCreatedAt: string | null;
  /** Policy: release the entity's turn when this event parks (default: hold it). */
  releaseTurnOnPark: boolean;
  /** Policy for this event when it is late (older than an event of its entity that ran). */
  latePolicy: LatePolicy;
}

export type EventPlan =
  | { ok: true; eventType: string; handlers: PlannedHandler[]; ordering: OrderingPlan | null }
  | { ok: false; reason: string };

/**
 * The receiver's plan of an event it handed to its entity itself: the event workflow's second
 * argument. `fallbackMs`: the workflow starts asleep for this long (null: not ordered, it runs
 * at once), woken by its entity's first report, or else queueing itself on its entity.
 */
export interface HandedOff {
  plan: Extract<EventPlan, { ok: true }>;
  fallbackMs: number | null;
}
