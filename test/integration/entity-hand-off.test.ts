/**
 * The receiver's hand-off of an ordered event to its entity (src/receiver/entity-hand-off.ts)
 * against a real Temporal dev server: the event's workflow sleeps in its start delay until the
 * entity's first report and then runs a single workflow task; a hand-off that never arrives
 * (the receiver killed between the start and the signal) is made good by the workflow itself.
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import { HandlerRegistry } from '../../activities/handler-registry';
import type { Config } from '../../src/config';
import type { EntityHandOff } from '../../src/receiver/entity-hand-off';
import { createEventStarter } from '../../src/receiver/start-event';
import type { podiumEventWorkflow } from '../../workflows/podium-event';
import {
  entityQuery,
  entityWorkflowId,
  eventWorkflowId,
  retrySignal,
  statusQuery,
} from '../../workflows/shared';
import { eventStatusOf } from '../../src/cli/event-status';
import { receivedEvent, testHandOff, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { testConfig, useHarness, withWorker } from '../support/temporal';

const harness = useHarness();
const EventType = proto.temporal.api.enums.v1.EventType;

function contactEvents(uid: string) {
  const now = new Date(Date.now() + 60_000).toISOString(); // never older than the hold
  return ['contact.created', 'contact.updated'].map((type, i) =>
    receivedEvent(
      podiumEvent(type, {
        uid,
        createdAt: now,
        updatedAt: new Date(Date.parse(now) + i * 1000).toISOString(),
      }),
    ),
  );
}

function recordingRegistry(seen: string[]) {
  return new HandlerRegistry().onAny('record', async ({ event }) => {
    seen.push(event.eventType);
    return Promise.resolve();
  });
}

function handOffFor(client: Client, config: Config, registry: HandlerRegistry): EntityHandOff {
  return testHandOff(client, config, { registry });
}

async function historyOf(handle: WorkflowHandle) {
  const events = (await handle.fetchHistory()).events ?? [];
  const count = (type: proto.temporal.api.enums.v1.EventType) =>
    events.filter((event) => event.eventType === type).length;
  return {
    backoffSeconds: Number(
      events[0]?.workflowExecutionStartedEventAttributes?.firstWorkflowTaskBackoff?.seconds ?? 0,
    ),
    workflowTasks: count(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED),
    localActivities: count(EventType.EVENT_TYPE_MARKER_RECORDED),
    timers: count(EventType.EVENT_TYPE_TIMER_STARTED),
  };
}

describe('an ordered event handed to its entity by the receiver', () => {
  it('sleeps until its entity reports, then closes done in one workflow task, with no local activity', async () => {
    const config = testConfig({ ENTITY_HANDOFF_FALLBACK: '10m' });
    const seen: string[] = [];
    const registry = recordingRegistry(seen);
    const [created, updated] = contactEvents(randomUUID());
    const { client } = harness();
    await withWorker(harness(), config, { registry }, async () => {
      const handOff = handOffFor(client, config, registry);
      const starter = createEventStarter(client, config.temporal.taskQueue, 4000, handOff);
      // The update first: its entity holds it for its created, and tells it so (a report).
      for (const event of [updated!, created!]) await starter.start(event);
      const handles = [created!, updated!].map((e) =>
        client.workflow.getHandle<typeof podiumEventWorkflow>(eventWorkflowId(e.eventId)),
      );
      const outcomes = await Promise.all(handles.map((handle) => handle.result()));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['done', 'done']);
      expect(seen).toEqual(['contact.created', 'contact.updated']);

      // Ten minutes of start delay, yet done at once: the entity's report woke each one.
      const createdHistory = await historyOf(handles[0]!);
      expect(createdHistory).toEqual({
        backoffSeconds: 600,
        workflowTasks: 1,
        localActivities: 0,
        timers: 0,
      });
      // The update was told it waits, then that it starts, then done: no planning step either.
      expect(await historyOf(handles[1]!)).toMatchObject({ localActivities: 0, timers: 0 });
      expect((await historyOf(handles[1]!)).workflowTasks).toBeLessThanOrEqual(3);
    });
  });

  it('whose hand-off was lost (receiver killed after the start) wakes after the fallback, queues itself, and runs in order', async () => {
    const config = testConfig({ ENTITY_HANDOFF_FALLBACK: '2s' });
    const seen: string[] = [];
    const registry = recordingRegistry(seen);
    const uid = randomUUID();
    const [created, updated] = contactEvents(uid);
    const { client } = harness();
    await withWorker(harness(), config, { registry }, async () => {
      const handOff = handOffFor(client, config, registry);
      // The created's hand-off never leaves the receiver; the update's does.
      const losing: EntityHandOff = {
        ...handOff,
        send: (event, ...rest) => {
          if (event.eventId !== created!.eventId) handOff.send(event, ...rest);
        },
      };
      const starter = createEventStarter(client, config.temporal.taskQueue, 4000, losing);
      for (const event of [created!, updated!]) await starter.start(event);
      const createdHandle = client.workflow.getHandle<typeof podiumEventWorkflow>(
        eventWorkflowId(created!.eventId),
      );
      const updatedHandle = client.workflow.getHandle<typeof podiumEventWorkflow>(
        eventWorkflowId(updated!.eventId),
      );
      expect((await createdHandle.result()).status).toBe('done');
      expect((await updatedHandle.result()).status).toBe('done');
      expect(seen).toEqual(['contact.created', 'contact.updated']);
      // The created planned and queued itself: its planning step is on record.
      expect((await historyOf(createdHandle)).localActivities).toBe(1);
      const entity = await client.workflow
        .getHandle(entityWorkflowId(`contact:${uid}`))
        .query(entityQuery);
      expect(entity.ran.map((turn) => turn.eventId)).toEqual([created!.eventId, updated!.eventId]);
    });
  });

  it('still asleep, is shown by `events show` from its start (Temporal answers no query yet)', async () => {
    const config = testConfig({ ENTITY_HANDOFF_FALLBACK: '10m' });
    const registry = recordingRegistry([]);
    const uid = randomUUID();
    const [created] = contactEvents(uid);
    const { client } = harness();
    const handOff = handOffFor(client, config, registry);
    const losing: EntityHandOff = { ...handOff, send: () => undefined };
    await createEventStarter(client, config.temporal.taskQueue, 4000, losing).start(created!);
    const workflowId = eventWorkflowId(created!.eventId);
    await expect(client.workflow.getHandle(workflowId).query(statusQuery)).rejects.toThrow();
    expect(await eventStatusOf(client, workflowId)).toMatchObject({
      eventId: created!.eventId,
      eventType: 'contact.created',
      status: 'processing',
      orderingKey: `contact:${uid}`,
      waitingFor: expect.stringContaining('sleeps until the entity reports') as unknown,
    });
    await client.workflow.getHandle(workflowId).terminate('test over');
  });

  it("planned by a receiver with a handler its workers lack parks, saying so, and runs on retry once they have it (it broke its entity's replay: no marker for the not-found local activity)", async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '2' });
    const seen: string[] = [];
    const newer = recordingRegistry(seen);
    const older = new HandlerRegistry().onAny('other', async () => Promise.resolve());
    const [created] = contactEvents(randomUUID());
    const { client } = harness();
    const handle = client.workflow.getHandle<typeof podiumEventWorkflow>(
      eventWorkflowId(created!.eventId),
    );
    await withWorker(harness(), config, { registry: older }, async () => {
      const starter = createEventStarter(
        client,
        config.temporal.taskQueue,
        4000,
        handOffFor(client, config, newer),
      );
      await starter.start(created!);
      const parked = await waitForStatus(handle, 'parked');
      expect(parked.parkedReason).toMatch(
        /handler record failed after 2 attempt\(s\):.*not registered/,
      );
    });
    await withWorker(harness(), config, { registry: newer }, async () => {
      await handle.signal(retrySignal, { reason: 'workers deployed' });
      expect((await handle.result()).status).toBe('done');
    });
    expect(seen).toEqual(['contact.created']);
  });
});
