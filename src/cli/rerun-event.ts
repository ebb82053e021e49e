/**
 * Reruns an event from its start, as the Web UI's Reset to the first workflow task does: a new
 * run of the same workflow id plans the event again, takes its entity's turn again and runs
 * every handler again. The old run keeps its own history; the reset and its reason are on record.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { randomUUID } from 'node:crypto';

const { EVENT_TYPE_WORKFLOW_TASK_STARTED } = proto.temporal.api.enums.v1.EventType;

/** Resets a run of an event workflow to its first workflow task. */
export async function resetToFirstTask(
  client: Client,
  execution: { workflowId: string; runId: string },
  reason: string,
): Promise<void> {
  const history = await client.workflow
    .getHandle(execution.workflowId, execution.runId)
    .fetchHistory();
  const firstTask = history.events?.find(
    (event) => event.eventType === EVENT_TYPE_WORKFLOW_TASK_STARTED,
  );
  if (!firstTask) throw new Error(`${execution.workflowId} has not run a workflow task yet`);
  await client.workflowService.resetWorkflowExecution({
    namespace: client.options.namespace,
    workflowExecution: execution,
    workflowTaskFinishEventId: firstTask.eventId,
    reason,
    requestId: randomUUID(),
  });
}

/**
 * Reruns a closed event (done or discarded); `unknown`: never received, or past retention. An
 * open one — processing, waiting or parked — is left alone: `retry` and `discard` are how to
 * act on it, and a reset could run a handler twice at once.
 */
export async function rerunEvent(
  client: Client,
  workflowId: string,
  reason: string,
): Promise<'rerun' | 'open' | 'unknown'> {
  let execution;
  try {
    execution = await client.workflow.getHandle(workflowId).describe();
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'unknown';
    throw error;
  }
  const { runId, status } = execution;
  if (status.name === 'RUNNING') return 'open';
  await resetToFirstTask(client, { workflowId, runId }, reason);
  return 'rerun';
}
