/** The dev server's Prometheus counters that bench:cost reads: persistence requests by operation. */

/** The operations that write a workflow's state (../shared/temporal-notes.md). */
export const WRITE_OPERATIONS = [
  'CreateWorkflowExecution',
  'UpdateWorkflowExecution',
  'CreateTasks',
  'UpdateShard',
] as const;

export interface PersistenceCounts {
  byOperation: Map<string, number>;
  total: number;
}

/** Sums `persistence_requests` over every label set, per operation. */
export function parsePersistenceRequests(metricsText: string): PersistenceCounts {
  const byOperation = new Map<string, number>();
  let total = 0;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith('persistence_requests{')) continue;
    const operation = /operation="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (!operation || !Number.isFinite(value)) continue;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + value);
    total += value;
  }
  return { byOperation, total };
}

export async function readPersistenceRequests(metricsUrl: string): Promise<PersistenceCounts> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  return parsePersistenceRequests(await response.text());
}

export function writesBetween(before: PersistenceCounts, after: PersistenceCounts): number {
  return WRITE_OPERATIONS.reduce(
    (sum, op) => sum + (after.byOperation.get(op) ?? 0) - (before.byOperation.get(op) ?? 0),
    0,
  );
}
