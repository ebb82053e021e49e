/** The operator's view and actions, through the CLI as an operator runs it (`npx podium-webhooks`). */
import type { Client } from '@temporalio/client';
import { startServiceProcess } from '../support/service-process';
import { EVENT_WORKFLOWS } from './visibility';

async function runCli(temporalAddress: string, args: string[]) {
  const cli = startServiceProcess(['bin/podium-webhooks.mjs', ...args], {
    TEMPORAL_ADDRESS: temporalAddress,
  });
  const exitCode = await cli.exited();
  return { exitCode, output: cli.output() };
}

export async function retryAllParked(temporalAddress: string, reason: string) {
  const { exitCode, output } = await runCli(temporalAddress, [
    'events',
    'retry',
    '--all-parked',
    '--reason',
    reason,
  ]);
  return { exitCode, retried: retriedIn(output) };
}

/**
 * How many events the job retried, from the tally the CLI prints at its end (`  retried: N`,
 * src/cli/attach-job.ts); 0 without one. Not its plan's `retry: N event(s)`: that line is
 * printed whatever the job then does.
 */
export function retriedIn(output: string): number {
  const tally = /^ {2}retried: (\d+)$/m.exec(output);
  return tally ? Number(tally[1]) : 0;
}

/** For a run that failed to close everything: what the operator would look at, for a few. */
export async function showOpenEvents(client: Client, temporalAddress: string, limit = 3) {
  const query = `${EVENT_WORKFLOWS} AND ExecutionStatus = 'Running'`;
  for await (const execution of client.workflow.list({ query })) {
    if (limit-- <= 0) break;
    const shown = await runCli(temporalAddress, ['events', 'show', execution.workflowId]);
    console.log(`\n$ podium-webhooks events show ${execution.workflowId}\n${shown.output}`);
    const key = (JSON.parse(shown.output || '{}') as { orderingKey?: string }).orderingKey;
    if (!key) continue;
    const entity = await runCli(temporalAddress, ['entity', key]);
    console.log(`$ podium-webhooks entity ${key}\n${entity.output}`);
  }
}
