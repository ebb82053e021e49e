/**
 * A bulk retry or discard as a job of its own: it outlives the CLI that started it, acts on a
 * fixed list of event workflows in batches at a rate it enforces with timers, and keeps a
 * tally a `replayProgress` query reads. A failing item never stops it; a cancel stops it
 * between batches.
 */
import {
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createReplayActivities } from '../activities/replay';
import {
  cancelReplaySignal,
  FAILURES_KEPT,
  replayActor,
  replayProgressQuery,
  type ItemOutcome,
  type ReplayJobInput,
  type ReplayProgress,
  type ReplayTally,
} from './replay-shared';

// The activity never throws for an item; a retry covers only a lost worker. An event already
// signalled by the lost attempt is no longer parked, so the retry counts it as already done.
const { actOnEvents } = proxyActivities<ReturnType<typeof createReplayActivities>>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

/** One batch per second at the requested rate, within what one activity should carry. */
const batchSizeFor = (rate: number) => Math.min(100, Math.max(1, Math.ceil(rate)));

/** Keeps each run's history short: about 8 history events per batch. */
const BATCHES_PER_RUN = 250;

function count(tally: ReplayTally, outcomes: ItemOutcome[]): void {
  for (const item of outcomes) {
    if (item.outcome === 'acted') tally.acted += 1;
    else if (item.outcome === 'already-done') tally.alreadyDone += 1;
    else {
      tally.failed += 1;
      if (tally.failures.length < FAILURES_KEPT)
        tally.failures.push({ workflowId: item.workflowId, reason: item.reason });
    }
  }
}

export async function replayJobWorkflow(input: ReplayJobInput): Promise<ReplayProgress> {
  const ids = input.workflowIds;
  const progress: ReplayProgress = {
    jobId: input.jobId,
    action: input.action,
    reason: input.reason,
    operator: input.operator,
    ratePerSecond: input.ratePerSecond,
    state: 'running',
    total: input.total ?? ids.length,
    processed: 0,
    tally: input.tally ?? { acted: 0, alreadyDone: 0, failed: 0, failures: [] },
    startedAt: input.startedAt ?? new Date().toISOString(),
    finishedAt: null,
  };
  const done = () => progress.tally.acted + progress.tally.alreadyDone + progress.tally.failed;
  progress.processed = done();
  let cancelled = false;
  setHandler(replayProgressQuery, () => progress);
  setHandler(
    cancelReplaySignal,
    () => {
      cancelled = true;
    },
    { description: 'Stop this replay job after the events in flight; none is left half-done.' },
  );

  const batchSize = batchSizeFor(input.ratePerSecond);
  let next = 0;
  for (let batches = 0; next < ids.length && !cancelled; batches += 1) {
    if (
      batches >= (input.batchesPerRun ?? BATCHES_PER_RUN) ||
      workflowInfo().continueAsNewSuggested
    ) {
      // The server carries the memo (what `events jobs` lists) to the next run.
      await continueAsNew<typeof replayJobWorkflow>({
        ...input,
        workflowIds: ids.slice(next),
        total: progress.total,
        tally: progress.tally,
        startedAt: progress.startedAt,
      });
    }
    const batch = ids.slice(next, next + batchSize);
    const started = Date.now();
    const outcomes = await actOnEvents({
      action: input.action,
      reason: input.reason,
      by: replayActor(input.jobId),
      workflowIds: batch,
    });
    count(progress.tally, outcomes);
    next += batch.length;
    progress.processed = done();
    // The rate limit: this batch's share of time, less what acting on it took.
    const pauseMs = (batch.length / input.ratePerSecond) * 1000 - (Date.now() - started);
    if (next < ids.length && pauseMs > 0) await condition(() => cancelled, pauseMs);
  }
  progress.state = cancelled ? 'cancelled' : 'finished';
  progress.finishedAt = new Date().toISOString();
  return progress;
}
