/** Operator commands on events: find them, look at one, retry, discard or rerun it. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import {
  discardSignal,
  eventWorkflowId,
  retrySignal,
  statusQuery,
  EVENT_STATUSES,
} from '../../workflows/shared';
import { eventQuery } from '../temporal/visibility-query';
import { rerunEvent } from './rerun-event';

/** Accepts an event id or the workflow id itself. */
const workflowIdOf = (id: string) => (id.startsWith('podium-event-') ? id : eventWorkflowId(id));

export function registerEventCommands(program: Command, connect: () => Promise<Client>): void {
  const events = program
    .command('events')
    .description('find, inspect, retry, discard and rerun Podium events');

  events
    .command('list')
    .description('list events, newest first (default: the parked ones)')
    .option('--status <status>', `one of ${EVENT_STATUSES.join(', ')}`, 'parked')
    .option('--type <eventType>', 'only this event type, e.g. contact.created')
    .option('--entity <orderingKey>', 'only this entity, e.g. contact:<uid>')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (options: { status: string; type?: string; entity?: string; limit: string }) => {
      const client = await connect();
      const query = eventQuery(options);
      const rows: string[] = [];
      for await (const execution of client.workflow.list({ query, pageSize: 100 })) {
        const attributes = execution.typedSearchAttributes;
        rows.push(
          [
            execution.workflowId,
            attributes.getAll().find((pair) => pair.key.name === 'PodiumEventType')?.value ?? '',
            attributes.getAll().find((pair) => pair.key.name === 'PodiumEventStatus')?.value ?? '',
            execution.startTime.toISOString(),
          ].join('\t'),
        );
        if (rows.length >= Number(options.limit)) break;
      }
      console.log(`# ${query}`);
      console.log(rows.length ? rows.join('\n') : '(none)');
    });

  events
    .command('show <eventId>')
    .description("an event's status, handlers, attempts, errors and operator actions")
    .action(async (eventId: string) => {
      const client = await connect();
      const view = await client.workflow.getHandle(workflowIdOf(eventId)).query(statusQuery);
      console.log(JSON.stringify(view, null, 2));
    });

  for (const [name, signal, help] of [
    [
      'retry',
      retrySignal,
      'run the handlers of parked events again (those that succeeded are not re-run)',
    ],
    ['discard', discardSignal, 'close parked or waiting events as discarded'],
  ] as const) {
    events
      .command(`${name} [eventIds...]`)
      .description(help)
      .requiredOption('--reason <text>', 'why, for the record')
      .option('--all-parked', 'every parked event (with --type / --entity to narrow it)')
      .option('--type <eventType>', 'with --all-parked: only this type')
      .option('--entity <orderingKey>', 'with --all-parked: only this entity')
      .action(
        async (
          eventIds: string[],
          options: { reason: string; allParked?: boolean; type?: string; entity?: string },
        ) => {
          const client = await connect();
          const ids = eventIds.map(workflowIdOf);
          if (options.allParked) {
            const query = eventQuery({
              status: 'parked',
              type: options.type,
              entity: options.entity,
            });
            for await (const execution of client.workflow.list({ query }))
              ids.push(execution.workflowId);
          }
          if (ids.length === 0) {
            console.error('no events named: give event ids or --all-parked');
            process.exitCode = 1;
            return;
          }
          for (const id of ids) {
            await client.workflow
              .getHandle(id)
              .signal(signal, { reason: options.reason, by: 'cli' });
            console.log(`${name}: ${id}`);
          }
        },
      );
  }

  events
    .command('rerun <eventIds...>')
    .description(
      'run closed (done or discarded) events again from the start: plan, turn, every handler',
    )
    .requiredOption('--reason <text>', 'why, for the record (kept in the reset)')
    .action(async (eventIds: string[], options: { reason: string }) => {
      const client = await connect();
      for (const id of eventIds.map(workflowIdOf)) {
        const outcome = await rerunEvent(client, id, `${options.reason} (by cli)`);
        if (outcome === 'rerun') {
          console.log(`rerun: ${id}`);
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
