/**
 * The ordering protocol's activities, run as local activities inside a workflow task (each
 * saves the extra workflow task a signal-external command costs): queueing an event on its
 * entity (signal-with-start, atomic), the entity's reports to event workflows, an operator's
 * action passed on to the entity, and the check that an event's workflow still runs. All are
 * safe to repeat: the entity ignores a ticket it has, the event a report of another run.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Config } from '../src/config';
import { signalEventWorkflow, type Delivery } from './signal-event';
import {
  enqueueSignal,
  entityWorkflowId,
  turnActionSignal,
  turnReportSignal,
  type EntitySettings,
  type TurnAction,
  type TurnReport,
  type TurnTicket,
} from '../workflows/ordering/messages';

export interface OrderingDeps {
  client: Client;
  taskQueue: string;
  ordering: Config['ordering'];
  /** Continue-as-new threshold for entity workflows (history events). */
  entityContinueAsNewAfterEvents: number;
}

/** An entity continues as new past this many history events, unless told otherwise (tests). */
export const ENTITY_CONTINUE_AS_NEW_AFTER_EVENTS = 10_000;

async function deliver(send: () => Promise<void>): Promise<Delivery> {
  try {
    await send();
    return 'delivered';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'gone';
    throw error; // retried
  }
}

export function createOrderingActivities(deps: OrderingDeps) {
  const { client } = deps;
  return {
    /** Puts the event in its entity's queue, starting the entity's workflow if needed. */
    async enqueueOnEntity(input: {
      orderingKey: string;
      creationType: string | null;
      ticket: TurnTicket;
    }) {
      const settings: EntitySettings = {
        orderingKey: input.orderingKey,
        creationType: input.creationType,
        holdTimeoutMs: deps.ordering.holdTimeoutMs,
        idleTimeoutMs: deps.ordering.entityIdleTimeoutMs,
        holderCheckIntervalMs: deps.ordering.holderCheckIntervalMs,
        continueAsNewAfterEvents: deps.entityContinueAsNewAfterEvents,
      };
      await client.workflow.signalWithStart('entityWorkflow', {
        workflowId: entityWorkflowId(input.orderingKey),
        taskQueue: deps.taskQueue,
        args: [settings],
        signal: enqueueSignal,
        signalArgs: [input.ticket],
      });
    },
    /**
     * The entity's reports, one signal-with-start each (one may wake an event in its start
     * delay); a gone event is answered `gone`, not retried.
     */
    async reportTurns(
      reports: { eventWorkflowId: string; report: TurnReport }[],
    ): Promise<Delivery[]> {
      return Promise.all(
        reports.map(({ eventWorkflowId, report }) =>
          signalEventWorkflow(client, deps.taskQueue, eventWorkflowId, turnReportSignal, report),
        ),
      );
    },
    async passTurnAction(input: { orderingKey: string; action: TurnAction }): Promise<Delivery> {
      return deliver(() =>
        client.workflow
          .getHandle(entityWorkflowId(input.orderingKey))
          .signal(turnActionSignal, input.action),
      );
    },
    /** Whether an event's workflow still runs; closed or unknown: it never will. */
    async eventWorkflowRunning(input: { eventWorkflowId: string }): Promise<boolean> {
      try {
        const { status } = await client.workflow.getHandle(input.eventWorkflowId).describe();
        return status.name === 'RUNNING';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error; // retried
      }
    },
  };
}

export type OrderingActivities = ReturnType<typeof createOrderingActivities>;
