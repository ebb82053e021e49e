/** Starts a replay job on the cluster: from here on it runs without the CLI. */
import type { Client } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { userInfo } from 'node:os';
import type { replayJobWorkflow } from '../../workflows/replay-job';
import {
  REPLAY_WORKFLOW_TYPE,
  type ReplayAction,
  type ReplayJobInput,
} from '../../workflows/replay-shared';

/** Who is acting, for the record: the operator's login, else `cli`. */
export function operatorName(): string {
  try {
    return userInfo().username || 'cli';
  } catch {
    return 'cli';
  }
}

/** e.g. `replay-retry-20261201T221502-3fa9c1`: sortable, and says what it does. */
export function newJobId(action: ReplayAction, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `replay-${action}-${stamp}-${randomBytes(3).toString('hex')}`;
}

export interface JobMemo {
  action: ReplayAction;
  reason: string;
  operator: string;
  total: number;
  ratePerSecond: number;
}

export async function startReplayJob(
  client: Client,
  job: Omit<ReplayJobInput, 'jobId' | 'operator'> & { taskQueue: string },
): Promise<string> {
  const jobId = newJobId(job.action);
  const { taskQueue, ...input } = job;
  const memo: JobMemo = {
    action: job.action,
    reason: job.reason,
    operator: operatorName(),
    total: job.workflowIds.length,
    ratePerSecond: job.ratePerSecond,
  };
  await client.workflow.start<typeof replayJobWorkflow>(REPLAY_WORKFLOW_TYPE, {
    workflowId: jobId,
    taskQueue,
    args: [{ ...input, jobId, operator: memo.operator }],
    memo: { ...memo },
  });
  return jobId;
}
