/**
 * Billable actions counted from workflow histories, as Temporal Cloud bills them: starts,
 * signals received (signal-with-start included), activities scheduled, local activities
 * (one marker each), search-attribute upserts, timers, child starts and updates.
 */
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const Type = proto.temporal.api.enums.v1.EventType;

export const ACTION_KINDS = {
  start: Type.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED,
  signal: Type.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  activity: Type.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED,
  localActivity: Type.EVENT_TYPE_MARKER_RECORDED,
  upsert: Type.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES,
  timer: Type.EVENT_TYPE_TIMER_STARTED,
  child: Type.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
  update: Type.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED,
} as const;
export type ActionKind = keyof typeof ACTION_KINDS;

export interface HistoryTally {
  runs: number;
  events: number;
  actions: Record<ActionKind, number>;
}

export function emptyTally(): HistoryTally {
  const actions = Object.fromEntries(Object.keys(ACTION_KINDS).map((k) => [k, 0]));
  return { runs: 0, events: 0, actions: actions as Record<ActionKind, number> };
}

/** Adds every run of the workflows `query` lists (continue-as-new runs included). */
export async function tallyHistories(
  client: Client,
  query: string,
  tally: HistoryTally,
): Promise<void> {
  for await (const execution of client.workflow.list({ query })) {
    const history = await client.workflow
      .getHandle(execution.workflowId, execution.runId)
      .fetchHistory();
    tally.runs += 1;
    for (const event of history.events ?? []) {
      tally.events += 1;
      for (const [kind, type] of Object.entries(ACTION_KINDS)) {
        if (event.eventType === type) tally.actions[kind as ActionKind] += 1;
      }
    }
  }
}

export function totalActions(tally: HistoryTally): number {
  return Object.values(tally.actions).reduce((sum, n) => sum + n, 0);
}
