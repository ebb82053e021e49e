/**
 * Finds the events a command acts on or lists: from the visibility store by filter, or by id,
 * each read through its `status` query (the fresh status and the park reason, which is not a
 * search attribute). Also counts the waiting events that sit behind a selection.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  PodiumOrderingKey,
  statusQuery,
  type EventStatus,
  type EventStatusView,
} from '../../workflows/shared';
import { eventQuery, type EventFilter } from './filters';

export interface SelectedEvent {
  workflowId: string;
  taskQueue: string | null;
  startedAt: Date | null;
  /** Null when the event cannot be read (not found, or no worker to answer its query). */
  view: EventStatusView | null;
  problem: string | null;
}

/** Queries in flight at once: enough to hide round trips, gentle on the workers. */
const CONCURRENCY = 16;

export async function mapConcurrently<T, R>(items: T[], work: (item: T) => Promise<R>) {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return results;
}

async function read(
  client: Client,
  row: Omit<SelectedEvent, 'view' | 'problem'>,
): Promise<SelectedEvent> {
  try {
    const view = await client.workflow.getHandle(row.workflowId).query(statusQuery);
    return { ...row, view, problem: null };
  } catch (error) {
    const problem =
      error instanceof WorkflowNotFoundError
        ? 'not found (never received, or past retention)'
        : `cannot read its status: ${error instanceof Error ? error.message : String(error)}`;
    return { ...row, view: null, problem };
  }
}

/** Events named by id: where they run (the job must run there too) and their status. */
export async function readEvents(client: Client, workflowIds: string[]) {
  return mapConcurrently(workflowIds, async (workflowId) => {
    const described = await client.workflow
      .getHandle(workflowId)
      .describe()
      .catch(() => null);
    return read(client, {
      workflowId,
      taskQueue: described?.taskQueue ?? null,
      startedAt: described?.startTime ?? null,
    });
  });
}

/** The rows the visibility store has for `filter`, newest first, at most `limit`. */
export async function listEvents(client: Client, filter: EventFilter, limit = Infinity) {
  const rows: Omit<SelectedEvent, 'view' | 'problem'>[] = [];
  if (limit <= 0) return rows;
  for await (const execution of client.workflow.list({ query: eventQuery(filter) })) {
    rows.push({
      workflowId: execution.workflowId,
      taskQueue: execution.taskQueue,
      startedAt: execution.startTime,
    });
    if (rows.length >= limit) break;
  }
  return rows;
}

export interface Selection {
  selected: SelectedEvent[];
  /** Events the filter or the ids named whose status could not be read: left alone. */
  unreadable: SelectedEvent[];
  /** Readable, but in another status (or another reason) than the command acts on. */
  skipped: SelectedEvent[];
}

/** Keeps the readable events whose fresh status is one of `statuses` and whose reason matches. */
function narrow(
  events: SelectedEvent[],
  statuses: readonly EventStatus[],
  reason?: string,
): Selection {
  const needle = reason?.toLowerCase();
  const matches = ({ view }: SelectedEvent) =>
    view !== null &&
    statuses.includes(view.status) &&
    (!needle || (view.parkedReason ?? '').toLowerCase().includes(needle));
  return {
    selected: events.filter(matches),
    unreadable: events.filter(({ view }) => view === null),
    skipped: events.filter((event) => event.view !== null && !matches(event)),
  };
}

/** Every event matching `filter` (or named by `ids`) whose status is still one of `statuses`. */
export async function selectEvents(
  client: Client,
  source: { filter: EventFilter } | { ids: string[] },
  statuses: readonly EventStatus[],
): Promise<Selection> {
  if ('ids' in source) return narrow(await readEvents(client, source.ids), statuses);
  const rows = await listEvents(client, source.filter);
  const events = await mapConcurrently(rows, (row) => read(client, row));
  return narrow(events, statuses, source.filter.reason);
}

/** Waiting events on the selection's entities (those that run once the selection moves). */
export async function waitingBehind(client: Client, selected: SelectedEvent[]) {
  const keys = new Set(selected.flatMap((event) => event.view?.orderingKey ?? []));
  const chosen = new Set(selected.map((event) => event.workflowId));
  let events = 0;
  const entities = new Set<string>();
  if (keys.size === 0) return { events, entities: 0 };
  const query = eventQuery({ status: 'waiting' });
  for await (const execution of client.workflow.list({ query })) {
    const key = execution.typedSearchAttributes.get(PodiumOrderingKey);
    if (!key || !keys.has(key) || chosen.has(execution.workflowId)) continue;
    events += 1;
    entities.add(key);
  }
  return { events, entities: entities.size };
}
