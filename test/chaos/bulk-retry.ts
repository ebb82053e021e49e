/** The operator's bulk retry, through the CLI as an operator runs it (`npx podium-webhooks`). */
import { startServiceProcess } from '../support/service-process';

export async function retryAllParked(temporalAddress: string, reason: string) {
  const cli = startServiceProcess(
    ['bin/podium-webhooks.mjs', 'events', 'retry', '--all-parked', '--reason', reason],
    { TEMPORAL_ADDRESS: temporalAddress },
  );
  const exitCode = await cli.exited();
  const retried = cli
    .output()
    .split('\n')
    .filter((line) => line.startsWith('retry: ')).length;
  return { exitCode, retried, output: cli.output() };
}
