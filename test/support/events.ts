/** Starting event workflows directly (as the receiver does) and watching them. */
import type { Client, WorkflowHandle } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { vi } from 'vitest';
import type { Config } from '../../src/config';
import { createEventStarter } from '../../src/receiver/start-event';
import type { podiumEventWorkflow } from '../../workflows/podium-event';
import {
  eventWorkflowId,
  statusQuery,
  type EventStatus,
  type EventStatusView,
  type ReceivedEvent,
} from '../../workflows/shared';
import { podiumBody } from './podium-events';
import { currentWorker, type CurrentWorker } from './current-registry';
import { createEntityHandOff } from '../../src/receiver/entity-hand-off';

/** A receiver's hand-off as a test makes it: with this worker's registry; a failure is loud. */
export function testHandOff(client: Client, config: Config, worker: CurrentWorker) {
  return createEntityHandOff({
    ...worker,
    handlerDefaults: config.handlers,
    client,
    taskQueue: config.temporal.taskQueue,
    ordering: config.ordering,
    onFailure: (error) => {
      throw error;
    },
  });
}

export function receivedEvent(
  envelope: { data: Record<string, unknown>; metadata: Record<string, unknown> },
  overrides: Partial<ReceivedEvent> = {},
): ReceivedEvent {
  const now = new Date().toISOString();
  return {
    eventId:
      typeof envelope.metadata.eventUid === 'string' ? envelope.metadata.eventUid : randomUUID(),
    eventIdSource: 'podium',
    eventType: String(envelope.metadata.eventType),
    body: podiumBody(envelope),
    bodyEncoding: 'utf8',
    batch: null,
    signatureHeaders: {
      'podium-timestamp': String(Date.now()),
      'podium-signature': 'f'.repeat(64),
    },
    signedAt: now,
    receivedAt: now,
    malformedReason: null,
    ...overrides,
  };
}

/**
 * Starts the event as the receiver does: planned with the running worker's registry and handed
 * to its entity, unless `handOff` is false (or no worker runs): then its workflow plans it.
 */
export async function startEvent(
  client: Client,
  config: Config,
  event: ReceivedEvent,
  { handOff = true }: { handOff?: boolean } = {},
): Promise<WorkflowHandle<typeof podiumEventWorkflow>> {
  const worker = handOff ? currentWorker() : undefined;
  const starter = createEventStarter(
    client,
    config.temporal.taskQueue,
    4000,
    worker && testHandOff(client, config, worker),
  );
  const started = await starter.start(event);
  if (started.status !== 'accepted')
    throw new Error(`event ${event.eventId} was ${started.status}`);
  return client.workflow.getHandle<typeof podiumEventWorkflow>(eventWorkflowId(event.eventId));
}

/** Polls the event's `status` query until it reaches `status`; returns that view. */
export async function waitForStatus(
  handle: WorkflowHandle,
  status: EventStatus,
  timeoutMs = 30_000,
): Promise<EventStatusView> {
  return vi.waitFor(
    async () => {
      const view = await handle.query(statusQuery);
      if (view.status !== status) throw new Error(`still ${view.status}, waiting for ${status}`);
      return view;
    },
    { timeout: timeoutMs, interval: 100 },
  );
}

/** Ids of the event workflows of this task queue that the Web UI would list for `query`. */
export async function listEventIds(client: Client, query: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const execution of client.workflow.list({ query })) ids.push(execution.workflowId);
  return ids.sort();
}
