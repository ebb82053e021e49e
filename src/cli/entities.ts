/** Operator commands on entities: who holds the turn, what waits, what ran in which order. */
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import { entityQuery, entityWorkflowId } from '../../workflows/shared';
import { orderingKeySearchValue } from '../temporal/visibility-query';

export function registerEntityCommands(program: Command, connect: () => Promise<Client>): void {
  program
    .command('entity <orderingKey>')
    .description(
      "an entity's queue, e.g. `entity contact:<uid>` (the uid Podium sent): the turn holder, the waiting events, the order run",
    )
    .action(async (orderingKey: string) => {
      const client = await connect();
      const view = await client.workflow
        .getHandle(entityWorkflowId(orderingKeySearchValue(orderingKey)))
        .query(entityQuery);
      console.log(JSON.stringify(view, null, 2));
    });
}
