/**
 * Signals an event's workflow the way its entity must: by signal-with-start. An event the
 * receiver handed to its entity sleeps in its start delay until the entity's first report, and
 * only a signal-with-start wakes a workflow in its start delay (a plain signal waits there).
 * It never makes a second record of an event: REJECT_DUPLICATE refuses a start over a closed
 * run, and should nothing of the event remain (its record deleted after retention) the run it
 * starts parks at once, saying why.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy } from '@temporalio/client';
import type { Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import type { podiumEventWorkflow } from '../workflows/podium-event';
import type { ReceivedEvent } from '../workflows/shared';

const EVENT_WORKFLOW_PREFIX = 'podium-event-';

/** `gone`: the receiving workflow is not running (terminated by hand, or already closed). */
export type Delivery = 'delivered' | 'gone';

function noSuchEvent(eventWorkflowId: string): ReceivedEvent {
  const now = new Date().toISOString();
  return {
    eventId: eventWorkflowId.slice(EVENT_WORKFLOW_PREFIX.length),
    eventIdSource: 'podium',
    eventType: null,
    body: '',
    bodyEncoding: 'utf8',
    batch: null,
    signatureHeaders: {},
    signedAt: now,
    receivedAt: now,
    malformedReason: 'an entity reported to an event whose workflow no longer existed',
  };
}

export async function signalEventWorkflow<Arg>(
  client: Client,
  taskQueue: string,
  eventWorkflowId: string,
  signal: SignalDefinition<[Arg]>,
  arg: Arg,
): Promise<Delivery> {
  try {
    await client.workflow.signalWithStart<typeof podiumEventWorkflow, [Arg]>(
      'podiumEventWorkflow',
      {
        workflowId: eventWorkflowId,
        taskQueue,
        args: [noSuchEvent(eventWorkflowId)],
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        signal,
        signalArgs: [arg],
      },
    );
    return 'delivered';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'gone';
    throw error;
  }
}
