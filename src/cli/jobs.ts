/** `events jobs`, `events job attach <id>`, `events job cancel <id>`: the replay jobs. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { cancelReplaySignal, REPLAY_WORKFLOW_TYPE } from '../../workflows/replay-shared';
import { attachJob, formatTally } from './attach-job';
import { table } from './output';
import { operatorName, type JobMemo } from './start-job';

async function listJobs(client: Client, limit: number): Promise<void> {
  const rows = [['JOB', 'STATE', 'ACTION', 'EVENTS', 'BY', 'STARTED', 'REASON']];
  const query = `WorkflowType = '${REPLAY_WORKFLOW_TYPE}'`;
  for await (const job of client.workflow.list({ query })) {
    const memo = (job.memo ?? {}) as Partial<JobMemo>;
    rows.push([
      job.workflowId,
      job.status.name.toLowerCase(),
      memo.action ?? '?',
      String(memo.total ?? '?'),
      memo.operator ?? '?',
      job.startTime.toISOString(),
      memo.reason ?? '',
    ]);
    if (rows.length > limit) break;
  }
  console.log(rows.length > 1 ? table(rows) : '(no jobs)');
}

export function registerJobCommands(events: Command, connect: () => Promise<Client>): void {
  events
    .command('jobs')
    .description('the replay jobs, newest first')
    .option('--limit <n>', 'at most this many', '20')
    .action(async (options: { limit: string }) => listJobs(await connect(), Number(options.limit)));

  const job = events.command('job').description('follow or cancel one replay job');
  job
    .command('attach <jobId>')
    .description("follow a job's progress to its end and print its tally (safe to kill)")
    .action(async (jobId: string) => {
      const outcome = await attachJob(await connect(), jobId);
      console.log(formatTally(outcome));
      if (outcome.tally.failed > 0) process.exitCode = 1;
    });
  job
    .command('cancel <jobId>')
    .description('stop a job after its current batch; what it did stays done')
    .action(async (jobId: string) => {
      const client = await connect();
      await client.workflow.getHandle(jobId).signal(cancelReplaySignal, { by: operatorName() });
      console.log(`cancel sent to ${jobId}; \`events job attach ${jobId}\` shows where it stopped`);
    });
}
