/**
 * The histories of every run of every entity workflow (continue-as-new and idle-ended runs
 * included), read once after the fault run. Two checks read them: when each event reached its
 * entity (entity-arrivals.ts) and which workflow tasks a kill lost (lost-tasks.ts).
 */
import type { Client } from '@temporalio/client';
import type proto from '@temporalio/proto';

export const ENTITY_WORKFLOWS = `WorkflowType = 'entityWorkflow'`;
export type History = proto.temporal.api.history.v1.IHistory;
/** Histories fetched at once: the server shares two cores with the rest of the run. */
const PARALLEL_FETCHES = 4;

export interface EntityHistory {
  workflowId: string;
  history: History;
}

export async function readEntityHistories(client: Client): Promise<EntityHistory[]> {
  const runs: Array<{ workflowId: string; runId: string }> = [];
  for await (const execution of client.workflow.list({ query: ENTITY_WORKFLOWS, pageSize: 1000 }))
    runs.push({ workflowId: execution.workflowId, runId: execution.runId });
  const histories: EntityHistory[] = [];
  const fetchNext = async (): Promise<void> => {
    for (let run = runs.pop(); run; run = runs.pop()) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      histories.push({ workflowId: run.workflowId, history });
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_FETCHES }, fetchNext));
  return histories;
}
