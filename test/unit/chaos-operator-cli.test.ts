/**
 * The fault run's bulk retry is judged by what the CLI printed: the events its job retried,
 * read from the job's tally, not from the plan printed before it.
 */
import { describe, expect, it } from 'vitest';
import { formatTally } from '../../src/cli/attach-job';
import { describePlan } from '../../src/cli/replay-plan';
import type { ReplayProgress } from '../../workflows/replay-shared';
import { retriedIn } from '../chaos/operator-cli';

const noSelection = { selected: [], skipped: [], unreadable: [] };

function cliOutput(planned: number, retried: number): string {
  const progress: ReplayProgress = {
    jobId: 'replay-retry-test',
    action: 'retry',
    reason: 'chaos: sink fixed',
    operator: 'test',
    ratePerSecond: 50,
    state: 'finished',
    total: planned,
    processed: planned,
    tally: { acted: retried, alreadyDone: planned - retried, failed: 0, failures: [] },
    startedAt: '2026-12-02T13:00:00.000Z',
    finishedAt: '2026-12-02T13:00:02.000Z',
  };
  const plan = describePlan('retry', noSelection, { events: 0, entities: 0 });
  return `${plan.replace('retry: 0', `retry: ${planned}`)}\n${formatTally(progress)}\n`;
}

describe('the bulk retry of the fault run', () => {
  it('counts the events the job retried', () => {
    expect(retriedIn(cliOutput(98, 98))).toBe(98);
  });

  it('counts none when the job retried none, whatever its plan said', () => {
    expect(retriedIn(cliOutput(98, 0))).toBe(0);
  });

  it('counts none when the CLI printed no tally (it failed before the job ended)', () => {
    expect(retriedIn('error: no Temporal at 127.0.0.1:7233\n')).toBe(0);
  });
});
