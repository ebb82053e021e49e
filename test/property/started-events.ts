/** What a task queue's event workflows were started with, read back from Temporal. */
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReceivedEvent } from '../../workflows/shared';

/** How many events one 200 answer says were newly accepted (a single event or a batch). */
export function acceptedCount(answerBody: string): number {
  const answer = JSON.parse(answerBody) as { status: string; events?: { status: string }[] };
  if (!answer.events) return answer.status === 'accepted' ? 1 : 0;
  return answer.events.filter((event) => event.status === 'accepted').length;
}

async function workflowIds(client: Client, taskQueue: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const info of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    ids.push(info.workflowId);
  }
  return ids;
}

/** Lists the queue until `expected` workflows are visible (visibility lags a little) or 20 s pass. */
export async function waitForWorkflows(
  client: Client,
  taskQueue: string,
  expected: number,
): Promise<string[]> {
  let ids = await workflowIds(client, taskQueue);
  for (let i = 0; i < 40 && ids.length < expected; i++) {
    await sleep(500);
    ids = await workflowIds(client, taskQueue);
  }
  return ids;
}

/** Each workflow's input and the MAC its signature headers carry (lowercase hex). */
export async function startedEvents(
  client: Client,
  ids: string[],
): Promise<{ workflowId: string; digest: string | undefined; event: ReceivedEvent }[]> {
  return Promise.all(
    ids.map(async (workflowId) => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const input = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input;
      const data = input?.payloads?.[0]?.data;
      if (!data) throw new Error(`${workflowId} has no input`);
      const event = JSON.parse(Buffer.from(data).toString('utf8')) as ReceivedEvent;
      const headers = event.signatureHeaders;
      const digest =
        headers['podium-signature'] ??
        /v1=([0-9a-f]{64})/i.exec(headers['x-podium-signature'] ?? '')?.[1];
      return { workflowId, digest: digest?.toLowerCase(), event };
    }),
  );
}
