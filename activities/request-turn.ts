/**
 * Queues an event on its entity's workflow, starting that workflow if needed. Signal-with-start
 * is atomic, and the entity dedups by event id, so a retry of this activity is harmless.
 */
import type { Client } from '@temporalio/client';
import type { Config } from '../src/config';
import type { entityWorkflow } from '../workflows/entity';
import { enqueueSignal, entityWorkflowId, type TurnTicket } from '../workflows/shared';

export interface RequestTurnDeps {
  client: Client;
  taskQueue: string;
  ordering: Config['ordering'];
  /** Continue-as-new threshold for entity workflows (history events). */
  entityContinueAsNewAfterEvents: number;
}

export interface TurnRequest {
  orderingKey: string;
  creationType: string | null;
  ticket: TurnTicket;
}

export function createRequestTurn(deps: RequestTurnDeps) {
  return async function requestTurn({ orderingKey, creationType, ticket }: TurnRequest) {
    await deps.client.workflow.signalWithStart<typeof entityWorkflow, [TurnTicket]>(
      'entityWorkflow',
      {
        workflowId: entityWorkflowId(orderingKey),
        taskQueue: deps.taskQueue,
        args: [
          {
            orderingKey,
            creationType,
            holdTimeoutMs: deps.ordering.holdTimeoutMs,
            idleTimeoutMs: deps.ordering.entityIdleTimeoutMs,
            holderCheckIntervalMs: deps.ordering.holderCheckIntervalMs,
            continueAsNewAfterEvents: deps.entityContinueAsNewAfterEvents,
          },
        ],
        signal: enqueueSignal,
        signalArgs: [ticket],
      },
    );
  };
}
