/**
 * The turn hand-offs between an entity workflow and its event workflows, as local activities:
 * sent from inside the workflow task, they save each hand-off the extra workflow task that a
 * signal-external command costs (the server reports its delivery back as an event, which
 * wakes the sender). Both are safe to repeat: the receiving side ignores a grant it is not
 * waiting for and a release of a turn it does not hold. With them, the entity's check that the
 * event holding its turn still runs.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import {
  entityWorkflowId,
  turnGrantedSignal,
  turnReleasedSignal,
  type TurnGrant,
} from '../workflows/shared';

/** `gone`: the receiving workflow is not running (terminated by hand, or already closed). */
export type HandOff = 'delivered' | 'gone';

async function deliver(send: () => Promise<void>): Promise<HandOff> {
  try {
    await send();
    return 'delivered';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'gone';
    throw error; // retried
  }
}

export function createTurnSignals({ client }: { client: Client }) {
  return {
    /** Whether the event workflow holding a turn still runs; closed or unknown: it never will. */
    async eventWorkflowRunning(input: { eventWorkflowId: string }): Promise<boolean> {
      try {
        const { status } = await client.workflow.getHandle(input.eventWorkflowId).describe();
        return status.name === 'RUNNING';
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return false;
        throw error; // retried
      }
    },
    async signalTurnGranted(input: { eventWorkflowId: string; grant: TurnGrant }) {
      return deliver(() =>
        client.workflow.getHandle(input.eventWorkflowId).signal(turnGrantedSignal, input.grant),
      );
    },
    async signalTurnReleased(input: { orderingKey: string; eventId: string }) {
      return deliver(() =>
        client.workflow
          .getHandle(entityWorkflowId(input.orderingKey))
          .signal(turnReleasedSignal, { eventId: input.eventId }),
      );
    },
  };
}
