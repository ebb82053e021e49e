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
export const SEARCH_ATTRIBUTE_KEYS = [PodiumEventType, PodiumEventStatus, PodiumOrderingKey];

/**
 * - `processing`: handlers are running (or about to).
 * - `waiting`: queued behind an earlier event of the same entity.
 * - `parked`: failed for good or could not be understood; open until an operator acts.
 * - `done` / `discarded`: closed.
 */
export const EVENT_STATUSES = ['processing', 'waiting', 'parked', 'done', 'discarded'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
