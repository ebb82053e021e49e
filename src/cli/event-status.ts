/**
 * An event's status view, as its workflow answers the `status` query — or, for an event whose
 * workflow still sleeps in its start delay (handed to its entity by the receiver, not yet
 * reported on), what its start says: Temporal answers no query before a first workflow task.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  freshStatusView,
  statusQuery,
  type EventStatusView,
  type HandedOff,
  type ReceivedEvent,
} from '../../workflows/shared';

export async function eventStatusOf(client: Client, workflowId: string): Promise<EventStatusView> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await handle.query(statusQuery);
  } catch (error) {
    const sleeping = await sleepingView(client, workflowId).catch(() => null);
    if (sleeping) return sleeping;
    throw error;
  }
}

async function sleepingView(client: Client, workflowId: string): Promise<EventStatusView | null> {
  const handle = client.workflow.getHandle(workflowId);
  const { status } = await handle.describe();
  const history = await handle.fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const ranAnyTask = (history.events ?? []).some(
    (event) => event.workflowTaskStartedEventAttributes,
  );
  if (status.name !== 'RUNNING' || ranAnyTask || !started?.input?.payloads) return null;
  const [event, handedOff] = started.input.payloads.map((payload) =>
    defaultPayloadConverter.fromPayload(payload),
  ) as [ReceivedEvent, HandedOff | undefined];
  const key = handedOff?.plan.ordering?.key ?? null;
  return {
    ...freshStatusView(event),
    orderingKey: key,
    waitingFor: key
      ? `queued on ${key}: its workflow sleeps until the entity reports on its turn`
      : null,
  };
}
