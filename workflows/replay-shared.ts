/**
 * Names shared by the replay job's workflow, its activities and the CLI: its input, its
 * progress query and its cancel signal. Importing this module never pulls in a workflow body.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';

export type ReplayAction = 'retry' | 'discard';

export interface ReplayFailure {
  workflowId: string;
  reason: string;
}

/** What one item came to: signalled, no longer needing it (closed, or not parked), or failed. */
export type ItemOutcome =
  | { workflowId: string; outcome: 'acted' }
  | { workflowId: string; outcome: 'already-done'; status: string }
  | { workflowId: string; outcome: 'failed'; reason: string };

export interface ReplayTally {
  acted: number;
  alreadyDone: number;
  failed: number;
  /** The first failures, each with its event and why (capped so the job's state stays small). */
  failures: ReplayFailure[];
}

export interface ReplayJobInput {
  jobId: string;
  action: ReplayAction;
  reason: string;
  /** Who started the job (the operator's user name). */
  operator: string;
  /** Events per second, enforced by the job between batches. */
  ratePerSecond: number;
  /** The event workflows still to act on, in order (shrinks across continue-as-new). */
  workflowIds: string[];
  /** Batches per run before continue-as-new (default 250; tests force it small). */
  batchesPerRun?: number;
  /** Carried across continue-as-new. */
  total?: number;
  tally?: ReplayTally;
  startedAt?: string;
}

export interface ReplayProgress {
  jobId: string;
  action: ReplayAction;
  reason: string;
  operator: string;
  ratePerSecond: number;
  state: 'running' | 'cancelled' | 'finished';
  total: number;
  processed: number;
  tally: ReplayTally;
  startedAt: string;
  finishedAt: string | null;
}

export const replayProgressQuery = defineQuery<ReplayProgress>('replayProgress');
export const cancelReplaySignal = defineSignal<[{ by?: string }?]>('cancelReplay');

export const REPLAY_WORKFLOW_TYPE = 'replayJobWorkflow';
export const FAILURES_KEPT = 1000;

/** How the job's signals name it in each event's operator actions. */
export const replayActor = (jobId: string) => `replay-job:${jobId}`;
