/**
 * Hands one event to Temporal, durably and exactly once. The workflow id is derived from the
 * event id; with REJECT_DUPLICATE and FAIL, Temporal itself rejects a second start atomically —
 * for an open event (still processing or parked) and for a closed one within retention.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  type Client,
} from '@temporalio/client';
import type { podiumEventWorkflow } from '../../workflows/podium-event';
import {
  eventWorkflowId,
  PodiumEventStatus,
  PodiumEventType,
  PodiumOrderingKey,
  type ReceivedEvent,
} from '../../workflows/shared';
import type { EntityHandOff } from './entity-hand-off';
import { staticDetailsOf, staticSummaryOf } from './event-summary';

export interface StartedEvent {
  status: 'accepted' | 'duplicate';
  eventId: string;
  workflowId: string;
}

/** Temporal did not accept the start in time: answer 503 so that Podium keeps the event. */
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
}

export interface EventStarter {
  start(event: ReceivedEvent): Promise<StartedEvent>;
}

/**
 * @param handOff when given, the receiver plans each event and hands an ordered one to its
 *   entity itself (src/receiver/entity-hand-off.ts); without it each event's workflow plans.
 */
export function createEventStarter(
  client: Client,
  taskQueue: string,
  startTimeoutMs: number,
  handOff?: EntityHandOff,
): EventStarter {
  return {
    async start(event) {
      const workflowId = eventWorkflowId(event.eventId);
      const handedOff = handOff?.plan(event);
      const orderingKey = handedOff?.plan.ordering?.key;
      try {
        const handle = await client.connection.withDeadline(Date.now() + startTimeoutMs, () =>
          client.workflow.start<typeof podiumEventWorkflow>('podiumEventWorkflow', {
            workflowId,
            taskQueue,
            args: handedOff ? [event, handedOff] : [event],
            ...(handedOff?.fallbackMs ? { startDelay: handedOff.fallbackMs } : {}),
            staticSummary: staticSummaryOf(event),
            staticDetails: staticDetailsOf(event),
            workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
            typedSearchAttributes: [
              { key: PodiumEventType, value: event.eventType ?? 'malformed' },
              { key: PodiumEventStatus, value: 'processing' },
              ...(orderingKey ? [{ key: PodiumOrderingKey, value: orderingKey }] : []),
            ],
          }),
        );
        if (handedOff) handOff!.send(event, handedOff, handle.firstExecutionRunId, workflowId);
        return { status: 'accepted', eventId: event.eventId, workflowId };
      } catch (error) {
        if (error instanceof WorkflowExecutionAlreadyStartedError) {
          return { status: 'duplicate', eventId: event.eventId, workflowId };
        }
        throw new TemporalUnavailableError(
          `Temporal did not accept the start of ${workflowId}: ${error instanceof Error ? error.message : String(error)}`,
          { cause: error },
        );
      }
    },
  };
}
