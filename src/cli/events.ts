/** Operator commands on events: find them, look at one, retry, discard or rerun them. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { entityQuery, entityWorkflowId } from '../../workflows/shared';
import { eventStatusOf } from './event-status';
import { registerBulkCommands } from './bulk';
import { formatEvent } from './event-view';
import { eventQuery, parsePositive, parseStatus, parseTime, workflowIdOf } from './filters';
import { registerJobCommands } from './jobs';
import { table } from './output';
import { rerunEvent } from './rerun-event';
import { laterEventsNote } from './rerun-order';
import { listEvents, mapConcurrently } from './select-events';
import { operatorName } from './start-job';

interface ListOptions {
  status: string;
  type?: string;
  entity?: string;
  since?: string;
  until?: string;
  taskQueue?: string;
  limit: string;
  json?: boolean;
}

async function listCommand(client: Client, options: ListOptions): Promise<void> {
  const filter = {
    status: parseStatus(options.status),
    ...(options.type ? { type: options.type } : {}),
    ...(options.entity ? { entity: options.entity } : {}),
    ...(options.since ? { since: parseTime(options.since) } : {}),
    ...(options.until ? { until: parseTime(options.until) } : {}),
    ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
  };
  const limit = parsePositive('--limit', options.limit);
  const query = eventQuery(filter);
  const [{ count }, rows] = await Promise.all([
    client.workflow.count(query),
    listEvents(client, filter, limit),
  ]);
  // One status query per row shown, for what the visibility store does not hold: the reason.
  const views = await mapConcurrently(rows, (row) =>
    eventStatusOf(client, row.workflowId).catch(() => null),
  );
  const events = rows.map((row, index) => ({
    workflowId: row.workflowId,
    eventType: views[index]?.eventType ?? null,
    status: views[index]?.status ?? filter.status,
    orderingKey: views[index]?.orderingKey ?? null,
    receivedAt: row.startedAt?.toISOString() ?? null,
    reason: views[index]?.parkedReason ?? views[index]?.waitingFor ?? null,
  }));
  if (options.json) {
    console.log(JSON.stringify({ query, total: count, shown: events.length, events }, null, 2));
    return;
  }
  console.log(`# ${query}`);
  console.log(
    `${count} event(s)${count > events.length ? `, showing the newest ${events.length} (--limit)` : ''}`,
  );
  if (events.length === 0) return;
  const header = ['WORKFLOW', 'TYPE', 'STATUS', 'ENTITY', 'RECEIVED', 'REASON'];
  console.log(
    table([
      header,
      ...events.map((e) => [
        e.workflowId,
        e.eventType ?? '?',
        e.status,
        e.orderingKey ?? '-',
        e.receivedAt ?? '?',
        e.reason ?? '',
      ]),
    ]),
  );
}

async function showCommand(client: Client, eventId: string, json: boolean): Promise<void> {
  const workflowId = workflowIdOf(eventId);
  const view = await eventStatusOf(client, workflowId);
  if (json) {
    console.log(JSON.stringify(view, null, 2));
    return;
  }
  const entity =
    view.status === 'waiting' && view.orderingKey
      ? await client.workflow
          .getHandle(entityWorkflowId(view.orderingKey))
          .query(entityQuery)
          .catch(() => null)
      : null;
  console.log(formatEvent(workflowId, view, entity));
}

export function registerEventCommands(program: Command, connect: () => Promise<Client>): void {
  const events = program
    .command('events')
    .description('find, inspect, retry, discard and rerun Podium events');

  events
    .command('list')
    .description('list events, newest first, with the total (default: the parked ones)')
    .option('--status <status>', 'processing, waiting, parked, done or discarded', 'parked')
    .option('--type <eventType>', 'only this event type, e.g. contact.created')
    .option('--entity <orderingKey>', 'only this entity, e.g. contact:<uid>')
    .option('--since <time>', 'received at or after: ISO time, or a span back such as 2h')
    .option('--until <time>', 'received before: ISO time, or a span back such as 30m')
    .option('--task-queue <name>', "only this deployment's events (TEMPORAL_TASK_QUEUE)")
    .option('--limit <n>', 'at most this many rows (the total is always counted)', '50')
    .option('--json', 'as JSON')
    .action(async (options: ListOptions) => listCommand(await connect(), options));

  events
    .command('show <eventId>')
    .description("an event's status, why it waits or parked, handlers, attempts, operator actions")
    .option('--json', 'the status query as JSON')
    .action(async (eventId: string, options: { json?: boolean }) =>
      showCommand(await connect(), eventId, options.json ?? false),
    );

  registerBulkCommands(events, connect);
  registerJobCommands(events, connect);

  events
    .command('rerun <eventIds...>')
    .description(
      'run closed (done or discarded) events again from the start: plan, turn, every handler',
    )
    .requiredOption('--reason <text>', 'why, for the record (kept in the reset)')
    .action(async (eventIds: string[], options: { reason: string }) => {
      const client = await connect();
      for (const id of eventIds.map(workflowIdOf)) {
        const note = await laterEventsNote(client, id);
        const outcome = await rerunEvent(client, id, `${options.reason} (by ${operatorName()})`);
        if (outcome === 'rerun') {
          console.log(`rerun: ${id}`);
          if (note) console.log(note);
          continue;
        }
        process.exitCode = 1;
        console.error(
          outcome === 'open'
            ? `not rerun: ${id} is still open; retry or discard it instead`
            : `not rerun: ${id} not found (never received, or past the namespace's retention)`,
        );
      }
    });
}
