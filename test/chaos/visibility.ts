/**
 * What the fault run reads from Temporal: the documented visibility queries an operator types
 * into the Web UI (README, Operations), never workflow internals, so that the run checks the
 * service's outcomes however its workflows are built.
 */
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';

export const EVENT_WORKFLOWS = `WorkflowType = 'podiumEventWorkflow'`;
const RUNNING = `${EVENT_WORKFLOWS} AND ExecutionStatus = 'Running'`;

export interface EventWorkflow {
  workflowId: string;
  /** Temporal's execution status name: RUNNING, COMPLETED, FAILED, TERMINATED, … */
  status: string;
}

export async function listEventWorkflows(client: Client): Promise<EventWorkflow[]> {
  const rows: EventWorkflow[] = [];
  for await (const execution of client.workflow.list({ query: EVENT_WORKFLOWS, pageSize: 1000 }))
    rows.push({ workflowId: execution.workflowId, status: execution.status.name });
  return rows;
}

export interface OpenCounts {
  running: number;
  parked: number;
  waiting: number;
}

export async function openCounts(client: Client): Promise<OpenCounts> {
  const count = async (extra: string) => (await client.workflow.count(`${RUNNING}${extra}`)).count;
  return {
    running: await count(''),
    parked: await count(` AND PodiumEventStatus = 'parked'`),
    waiting: await count(` AND PodiumEventStatus = 'waiting'`),
  };
}

/** The events waiting for their entity's turn right now: workflow id → ordering key. */
export async function waitingEvents(client: Client): Promise<Map<string, string>> {
  const waiting = new Map<string, string>();
  const query = `${RUNNING} AND PodiumEventStatus = 'waiting'`;
  for await (const execution of client.workflow.list({ query, pageSize: 1000 })) {
    const key = execution.typedSearchAttributes
      .getAll()
      .find((pair) => pair.key.name === 'PodiumOrderingKey')?.value;
    if (typeof key === 'string') waiting.set(execution.workflowId, key);
  }
  return waiting;
}

/**
 * Polls the counts until `done` holds three polls in a row (visibility trails the workflows by
 * a moment); gives up once nothing has changed for `stallMs`, so that a run that cannot finish
 * fails with figures instead of hanging. Returns the last counts.
 */
export async function waitUntil(
  client: Client,
  done: (counts: OpenCounts) => boolean,
  stallMs: number,
): Promise<OpenCounts> {
  let last = '';
  let changedAt = Date.now();
  let heldFor = 0;
  for (;;) {
    const counts = await openCounts(client).catch(() => undefined);
    heldFor = counts && done(counts) ? heldFor + 1 : 0;
    if (counts && heldFor >= 3) return counts;
    const seen = JSON.stringify(counts);
    if (seen !== last) [last, changedAt] = [seen, Date.now()];
    if (Date.now() - changedAt > stallMs) return counts ?? { running: -1, parked: -1, waiting: -1 };
    await sleep(1000);
  }
}
