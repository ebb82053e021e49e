/**
 * `events retry` and `events discard`, by ids or by filter: find the events, say what will
 * happen (how many, by type and reason, how many wait behind them), ask, then hand the list to
 * a replay job on the cluster and follow it (`--detach` to leave it running).
 */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { EventStatus } from '../../workflows/shared';
import type { ReplayAction } from '../../workflows/replay-shared';
import { attachJob, formatTally } from './attach-job';
import { confirm } from './confirm';
import {
  parsePositive,
  parseStatus,
  parseTime,
  UsageError,
  workflowIdOf,
  type EventFilter,
} from './filters';
import { describePlan } from './replay-plan';
import { selectEvents, waitingBehind } from './select-events';
import { startReplayJob } from './start-job';

interface BulkOptions {
  reason: string;
  status?: string;
  type?: string;
  entity?: string;
  since?: string;
  until?: string;
  parkReason?: string;
  taskQueue?: string;
  allParked?: boolean;
  rate: string;
  dryRun?: boolean;
  yes?: boolean;
  detach?: boolean;
}

/** One job carries its whole list in its input: past this, narrow the filter. */
const MAX_EVENTS_PER_JOB = 10_000;

const ACTS_ON: Record<ReplayAction, readonly EventStatus[]> = {
  retry: ['parked'],
  discard: ['parked', 'waiting'],
};

function filterOf(action: ReplayAction, options: BulkOptions): EventFilter | null {
  const status = options.status ? parseStatus(options.status) : undefined;
  if (status && !ACTS_ON[action].includes(status))
    throw new UsageError(`${action} acts on ${ACTS_ON[action].join(' or ')} events, not ${status}`);
  const filter: EventFilter = {
    ...(status ? { status } : {}),
    ...(options.type ? { type: options.type } : {}),
    ...(options.entity ? { entity: options.entity } : {}),
    ...(options.since ? { since: parseTime(options.since) } : {}),
    ...(options.until ? { until: parseTime(options.until) } : {}),
    ...(options.parkReason ? { reason: options.parkReason } : {}),
    ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
  };
  if (Object.keys(filter).length === 0 && !options.allParked) return null;
  // A filter without a status means what the action can act on; retry: the parked ones.
  if (!filter.status && (action === 'retry' || options.allParked)) filter.status = 'parked';
  return filter;
}

async function runBulk(
  client: Client,
  action: ReplayAction,
  eventIds: string[],
  options: BulkOptions,
): Promise<void> {
  const rate = parsePositive('--rate', options.rate);
  const filter = filterOf(action, options);
  if (filter && eventIds.length > 0)
    throw new UsageError('give event ids or a filter (--status, --type, …), not both');
  if (!filter && eventIds.length === 0)
    throw new UsageError('name the events: ids, or a filter such as --status parked');
  const source = filter ? { filter } : { ids: eventIds.map(workflowIdOf) };
  const selection = await selectEvents(client, source, ACTS_ON[action]);
  console.log(describePlan(action, selection, await waitingBehind(client, selection.selected)));
  if (options.dryRun || selection.selected.length === 0) return;
  if (selection.selected.length > MAX_EVENTS_PER_JOB)
    throw new UsageError(
      `${selection.selected.length} events is more than one job takes (${MAX_EVENTS_PER_JOB}): narrow it, e.g. with --type or --since/--until`,
    );
  // The legacy `--all-parked` acted without asking; scripts (the chaos run) rely on it.
  const yes = options.yes || options.allParked;
  if (!(await confirm(`${action} ${selection.selected.length} event(s)?`, { yes }))) {
    console.log('nothing done');
    return;
  }
  const jobId = await startReplayJob(client, {
    action,
    reason: options.reason,
    ratePerSecond: rate,
    workflowIds: selection.selected.map((event) => event.workflowId),
    taskQueue: selection.selected.find((event) => event.taskQueue)?.taskQueue ?? taskQueue(),
  });
  console.log(`job ${jobId} started: \`events job attach ${jobId}\` to follow it`);
  if (options.detach) return;
  const outcome = await attachJob(client, jobId);
  console.log(formatTally(outcome));
  if (outcome.tally.failed > 0) process.exitCode = 1;
}

/** Where the worker runs, when no selected event says (events named by id). */
const taskQueue = () => process.env.TEMPORAL_TASK_QUEUE ?? 'podium-webhooks';

export function registerBulkCommands(events: Command, connect: () => Promise<Client>): void {
  for (const [action, help] of [
    ['retry', 'run the handlers of parked events again (those that succeeded are not re-run)'],
    ['discard', 'close parked or waiting events as discarded'],
  ] as const) {
    events
      .command(`${action} [eventIds...]`)
      .description(`${help}, as a job that goes on without the CLI`)
      .requiredOption('--reason <text>', 'why, for the record')
      .option('--status <status>', `parked${action === 'discard' ? ' or waiting' : ''}`)
      .option('--type <eventType>', 'only this event type, e.g. contact.updated')
      .option('--entity <orderingKey>', 'only this entity, e.g. contact:<uid>')
      .option('--since <time>', 'received at or after: ISO time, or a span back such as 2h')
      .option('--until <time>', 'received before: ISO time, or a span back such as 30m')
      .option('--park-reason <text>', 'only events whose park reason contains this text')
      .option('--task-queue <name>', "only this deployment's events (TEMPORAL_TASK_QUEUE)")
      .option('--all-parked', 'every parked event, without asking (as before jobs existed)')
      .option('--rate <perSecond>', 'events per second the job acts on', '20')
      .option('--dry-run', 'print what would happen, change nothing')
      .option('--yes', 'do not ask for confirmation')
      .option('--detach', 'start the job and return; follow it with `events job attach`')
      .action(async (eventIds: string[], options: BulkOptions) =>
        runBulk(await connect(), action, eventIds, options),
      );
  }
}
