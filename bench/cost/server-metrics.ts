/**
 * The dev server's Prometheus counters that bench:cost reads: persistence requests by
 * operation, and its visibility store's (each row there is indexed dozens of times over).
 */

/** The operations that write a workflow's state (../shared/temporal-notes.md). */
export const WRITE_OPERATIONS = [
  'CreateWorkflowExecution',
  'UpdateWorkflowExecution',
  'CreateTasks',
  'UpdateShard',
] as const;

/** The visibility store's writes: a workflow's row at its start, on an upsert, at its close. */
export const VISIBILITY_WRITE_OPERATIONS = [
  'RecordWorkflowExecutionStarted',
  'UpsertWorkflowExecution',
  'RecordWorkflowExecutionClosed',
  'DeleteWorkflowExecution',
] as const;

export interface PersistenceCounts {
  byOperation: Map<string, number>;
  total: number;
}

/** Sums one request counter over every label set, per operation. */
export function parseRequests(
  metricsText: string,
  counter: 'persistence_requests' | 'visibility_persistence_requests',
): PersistenceCounts {
  const byOperation = new Map<string, number>();
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(`${counter}{`)) continue;
    const operation = /operation="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (!operation || !Number.isFinite(value)) continue;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + value);
    total += value;
  }
  return { byOperation, total };
}

export interface ServerCounts {
  persistence: PersistenceCounts;
  visibility: PersistenceCounts;
}

export async function readServerCounts(metricsUrl: string): Promise<ServerCounts> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  const text = await response.text();
  return {
    persistence: parseRequests(text, 'persistence_requests'),
    visibility: parseRequests(text, 'visibility_persistence_requests'),
  };
}

/** The requests of these operations the server made from `before` to `after`. */
export function writesBetween(
  before: PersistenceCounts,
  after: PersistenceCounts,
  operations: readonly string[] = WRITE_OPERATIONS,
): number {
  const count = (counts: PersistenceCounts, op: string) => counts.byOperation.get(op) ?? 0;
  return operations.reduce((sum, op) => sum + count(after, op) - count(before, op), 0);
}
