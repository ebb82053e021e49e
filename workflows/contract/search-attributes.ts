/** The search attributes operators find events by (registered on the namespace at start). */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const PodiumEventType = defineSearchAttributeKey(
  'PodiumEventType',
  SearchAttributeType.KEYWORD,
);
export const PodiumEventStatus = defineSearchAttributeKey(
  'PodiumEventStatus',
  SearchAttributeType.KEYWORD,
);
export const PodiumOrderingKey = defineSearchAttributeKey(
  'PodiumOrderingKey',
  SearchAttributeType.KEYWORD,
);
/** Set on a late event (older than one of its entity's that already ran): the policy applied. */
export const PodiumEventLate = defineSearchAttributeKey(
  'PodiumEventLate',
  SearchAttributeType.KEYWORD,
);
export const SEARCH_ATTRIBUTE_KEYS = [
  PodiumEventType,
  PodiumEventStatus,
  PodiumOrderingKey,
  PodiumEventLate,
];

/** What happens to a late event, per event type: run it (flagged), skip it (done), or park it. */
export const LATE_POLICIES = ['run', 'skip', 'park'] as const;
export type LatePolicy = (typeof LATE_POLICIES)[number];

/** An event older than one of its entity's that already ran, and what was done about it. */
export interface LateEvent {
  /** The newest event of the entity that had run when this one's turn came. */
  supersededBy: { eventId: string; eventType: string; resourceTime: string };
  policy: LatePolicy;
}

/**
 * - `processing`: handlers are running (or about to).
 * - `waiting`: queued behind an earlier event of the same entity.
 * - `parked`: failed for good or could not be understood; open until an operator acts.
 * - `done` / `discarded`: closed.
 */
export const EVENT_STATUSES = ['processing', 'waiting', 'parked', 'done', 'discarded'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
