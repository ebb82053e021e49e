/**
 * Follows a replay job to its end with a progress bar (n/N, rate, ETA) on stderr, then prints
 * its tally. Attaching changes nothing: kill it and attach again, the job goes on regardless.
 */
import type { Client } from '@temporalio/client';
import cliProgress from 'cli-progress';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  replayProgressQuery,
  type ReplayAction,
  type ReplayProgress,
} from '../../workflows/replay-shared';

const POLL_MS = 500;
const DONE_WORD: Record<ReplayAction, string> = { retry: 'retried', discard: 'discarded' };

function rateAndEta(progress: ReplayProgress, now: number) {
  const seconds = Math.max(0.001, (now - Date.parse(progress.startedAt)) / 1000);
  const rate = progress.processed / seconds;
  const left = progress.total - progress.processed;
  return {
    rate: rate.toFixed(1),
    eta: rate > 0 ? `${Math.ceil(left / rate)}s` : '?',
  };
}

export function formatTally(progress: ReplayProgress): string {
  const { tally } = progress;
  const seconds = progress.finishedAt
    ? (Date.parse(progress.finishedAt) - Date.parse(progress.startedAt)) / 1000
    : null;
  const took =
    seconds === null
      ? ''
      : ` in ${seconds.toFixed(1)} s (${(progress.processed / Math.max(seconds, 0.001)).toFixed(1)}/s, limit ${progress.ratePerSecond}/s)`;
  const lines = [
    `job ${progress.jobId}: ${progress.state}, ${progress.processed} of ${progress.total} processed${took}`,
    `  ${DONE_WORD[progress.action]}: ${tally.acted}`,
    `  already done: ${tally.alreadyDone}`,
    `  failed: ${tally.failed}`,
    ...tally.failures.map((failure) => `    ${failure.workflowId}: ${failure.reason}`),
  ];
  if (tally.failed > tally.failures.length)
    lines.push(`    … and ${tally.failed - tally.failures.length} more`);
  return lines.join('\n');
}

export async function attachJob(client: Client, jobId: string): Promise<ReplayProgress> {
  const handle = client.workflow.getHandle(jobId);
  const bar = new cliProgress.SingleBar(
    {
      format:
        '{action} [{bar}] {value}/{total} | {rate}/s | ETA {etaLeft} | {doneWord} {acted}, already done {alreadyDone}, failed {failed}',
      stream: process.stderr,
      noTTYOutput: true,
      notTTYSchedule: 1000,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  try {
    for (;;) {
      const { status } = await handle.describe();
      if (status.name !== 'RUNNING') break;
      const progress = await handle.query(replayProgressQuery).catch(() => null);
      if (progress) {
        const payload = {
          action: progress.action,
          doneWord: DONE_WORD[progress.action],
          ...progress.tally,
          ...rateAndEta(progress, Date.now()),
        };
        const etaLeft = payload.eta;
        if (!started) bar.start(progress.total, progress.processed, { ...payload, etaLeft });
        else bar.update(progress.processed, { ...payload, etaLeft });
        started = true;
      }
      await sleep(POLL_MS);
    }
  } finally {
    if (started) bar.stop();
  }
  return (await handle.result()) as ReplayProgress;
}
