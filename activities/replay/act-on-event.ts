/**
 * One item of a replay job: signal `retry` or `discard` to an event workflow if it still needs
 * it. An event that closed, or is no longer parked (retried by someone else meanwhile), counts
 * as already done; anything else that goes wrong is that item's failure, never the job's.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { discardSignal, retrySignal, statusQuery, type EventStatus } from '../../workflows/shared';
import type { ItemOutcome, ReplayAction } from '../../workflows/replay-shared';

export interface ReplayRequest {
  action: ReplayAction;
  reason: string;
  by: string;
  workflowIds: string[];
}

const ELIGIBLE: Record<ReplayAction, readonly EventStatus[]> = {
  retry: ['parked'],
  discard: ['parked', 'waiting'],
};

/** The SDK's WorkflowNotFoundError from a query has an empty message: say what it means. */
function reasonOf(error: unknown): string {
  if (error instanceof WorkflowNotFoundError)
    return 'not found (never received, or past retention)';
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

export async function actOnEvent(
  client: Client,
  request: Omit<ReplayRequest, 'workflowIds'>,
  workflowId: string,
): Promise<ItemOutcome> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    const { status } = await handle.query(statusQuery);
    if (!ELIGIBLE[request.action].includes(status))
      return { workflowId, outcome: 'already-done', status };
    await handle.signal(request.action === 'retry' ? retrySignal : discardSignal, {
      reason: request.reason,
      by: request.by,
    });
    return { workflowId, outcome: 'acted' };
  } catch (error) {
    // Signalling a workflow that closed between the query and the signal.
    if (error instanceof WorkflowNotFoundError && (await isClosed(client, workflowId)))
      return { workflowId, outcome: 'already-done', status: 'closed' };
    return { workflowId, outcome: 'failed', reason: reasonOf(error) };
  }
}

async function isClosed(client: Client, workflowId: string): Promise<boolean> {
  try {
    const { status } = await client.workflow.getHandle(workflowId).describe();
    return status.name !== 'RUNNING';
  } catch {
    return false;
  }
}
