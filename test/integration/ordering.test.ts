/**
 * Per-entity ordering against a real Temporal dev server: events of one entity run one at a
 * time in causal order; different entities run in parallel.
 */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { describe, expect, it, vi } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { resetToFirstTask } from '../../src/cli/rerun-event';
import type { Config } from '../../src/config';
import type { PodiumEvent } from '../../src/podium/schemas';
import type { entityWorkflow } from '../../workflows/ordering/entity';
import type { podiumEventWorkflow } from '../../workflows/podium-event';
import {
  entityQuery,
  entityWorkflowId,
  retrySignal,
  statusQuery,
  type ReceivedEvent,
} from '../../workflows/shared';
import { listEventIds, receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { testConfig, withWorker, useHarness } from '../support/temporal';

const harness = useHarness();

function contactUidOf(event: PodiumEvent): string {
  const data = event.data as { after?: { uid?: string } | null; before?: { uid?: string } | null };
  return String(data.after?.uid ?? data.before?.uid);
}

/** A contact's lifecycle, as Podium would describe it: created, then updated, then deleted. */
function contactLifecycle(uid: string, createdAt = new Date()): ReceivedEvent[] {
  const at = (offsetMs: number) => new Date(createdAt.getTime() + offsetMs).toISOString();
  const created = at(0);
  return [
    podiumEvent('contact.created', { uid, createdAt: created, updatedAt: created }),
    podiumEvent('contact.updated', { uid, createdAt: created, updatedAt: at(1000) }),
    // A deletion's `before` is the contact's last state: same updatedAt as the last update.
    podiumEvent('contact.deleted', { uid, createdAt: created, updatedAt: at(1000) }),
  ].map((envelope) => receivedEvent(envelope));
}

function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** A promise the test opens by hand. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

async function waitUntilQueued(orderingKey: string, eventCount: number) {
  await vi.waitFor(
    async () => {
      const view = await harness()
        .client.workflow.getHandle(entityWorkflowId(orderingKey))
        .query(entityQuery);
      // `ran` lists every event granted a turn so far, the holder included.
      const known = view.buffer.length + view.ran.length;
      if (known < eventCount) throw new Error(`${orderingKey}: ${known} of ${eventCount} queued`);
    },
    { timeout: 30_000, interval: 100 },
  );
}

/** Resets an event workflow to its first workflow task, as an operator reruns one by hand. */
async function resetToStart(handle: WorkflowHandle): Promise<void> {
  const { runId } = await handle.describe();
  await resetToFirstTask(harness().client, { workflowId: handle.workflowId, runId }, 'rerun');
}

describe('events of one contact', () => {
  it('run created before deleted when deleted is delivered first', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const seen: string[] = [];
    const registry = new HandlerRegistry().onAny('record', async ({ event }) => {
      seen.push(event.eventType);
      return Promise.resolve();
    });
    const [created, , deleted] = contactLifecycle(randomUUID());
    await withWorker(harness(), config, { registry }, async () => {
      const deletedHandle = await startEvent(harness().client, config, deleted!);
      const waiting = await waitForStatus(deletedHandle, 'waiting');
      expect(waiting.waitingFor).toMatch(/^its turn on contact:/);
      const createdHandle = await startEvent(harness().client, config, created!);
      await Promise.all([createdHandle.result(), deletedHandle.result()]);
      expect(seen).toEqual(['contact.created', 'contact.deleted']);
      expect((await deletedHandle.result()).view.ranWithoutPredecessor).toBe(false);
    });
  });

  it('for ten contacts delivered shuffled all at once, run in order per contact and in parallel across contacts', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const contacts = Array.from({ length: 10 }, () => randomUUID());
    const events = contacts.flatMap((uid) => contactLifecycle(uid));
    const seen = new Map<string, string[]>();
    const running = new Set<string>();
    let mostAtOnce = 0;
    const allQueued = gate();
    const registry = new HandlerRegistry().onAny('record', async ({ event }) => {
      const uid = contactUidOf(event);
      seen.set(uid, [...(seen.get(uid) ?? []), event.eventType]);
      running.add(uid);
      mostAtOnce = Math.max(mostAtOnce, running.size);
      // Hold every contact's first turn until all 30 events are queued on their entities.
      await allQueued.opened;
      running.delete(uid);
    });
    await withWorker(harness(), config, { registry }, async () => {
      const handles = await Promise.all(
        shuffled(events).map((event) => startEvent(harness().client, config, event)),
      );
      await Promise.all(contacts.map((uid) => waitUntilQueued(`contact:${uid}`, 3)));
      // Every contact's first event is in its handler at once: no entity waits for another.
      await vi.waitFor(() => expect(running.size).toBe(10), { timeout: 30_000, interval: 50 });
      allQueued.open();
      const outcomes = await Promise.all(handles.map((handle) => handle.result()));
      expect(outcomes.every((outcome) => outcome.status === 'done')).toBe(true);
    });
    for (const uid of contacts) {
      expect(seen.get(uid)).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
    }
    // All ten contacts held their turn at the same moment: entities do not wait for each other.
    expect(mostAtOnce).toBe(10);
  });

  it('runs a dependent event whose created never comes after the hold, and says so', async () => {
    const config = testConfig({ ORDERING_HOLD_TIMEOUT: '1s', HANDLER_TIMEOUT: '60s' });
    // Created "just now" by a clock a minute ahead: however slow this machine, the contact never
    // looks older than the hold (which would waive the wait for its created).
    const [, updated] = contactLifecycle(randomUUID(), new Date(Date.now() + 60_000));
    await withWorker(harness(), config, {}, async () => {
      const handle = await startEvent(harness().client, config, updated!);
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.ranWithoutPredecessor).toBe(true);
      const entity = await harness()
        .client.workflow.getHandle(entityWorkflowId(outcome.view.orderingKey!))
        .query(entityQuery);
      expect(entity.ran).toMatchObject([{ eventId: updated!.eventId, withoutPredecessor: true }]);
    });
  });

  it('does not hold an update of a contact created long before', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const [, updated] = contactLifecycle(randomUUID(), new Date(Date.now() - 24 * 3_600_000));
    await withWorker(harness(), config, {}, async () => {
      const outcome = await (await startEvent(harness().client, config, updated!)).result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.ranWithoutPredecessor).toBe(false);
    });
  });
});

describe('a parked event', () => {
  const failingUpdates = (broken: { value: boolean }, seen: string[]) =>
    new HandlerRegistry().onAny('record', async ({ event }) => {
      if (event.eventType === 'contact.updated' && broken.value) {
        throw new PermanentHandlerError('CRM rejects this update');
      }
      seen.push(event.eventType);
      return Promise.resolve();
    });

  /** The contact is created; its update parks, holding the turn; its deletion queues behind. */
  async function parkedHolderWithWaiter(
    config: Config,
    [created, updated, deleted]: ReceivedEvent[],
  ) {
    const { client } = harness();
    await (await startEvent(client, config, created!)).result();
    const updatedHandle = await startEvent(client, config, updated!);
    await waitForStatus(updatedHandle, 'parked');
    const deletedHandle = await startEvent(client, config, deleted!);
    const waiting = await waitForStatus(deletedHandle, 'waiting');
    return { updatedHandle, deletedHandle, waiting };
  }

  it('holds its entity: the next event waits until retry', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const broken = { value: true };
    const seen: string[] = [];
    const lifecycle = contactLifecycle(randomUUID());
    const [, updated, deleted] = lifecycle;
    await withWorker(harness(), config, { registry: failingUpdates(broken, seen) }, async () => {
      const { updatedHandle, deletedHandle, waiting } = await parkedHolderWithWaiter(
        config,
        lifecycle,
      );
      expect(waiting.waitingFor).toContain('contact:');
      const entity = harness().client.workflow.getHandle(entityWorkflowId(waiting.orderingKey!));
      await expect
        .poll(async () => (await entity.query(entityQuery)).buffer.map((ticket) => ticket.eventId))
        .toEqual([deleted!.eventId]);
      expect((await entity.query(entityQuery)).holder?.eventId).toBe(updated!.eventId);

      broken.value = false;
      await updatedHandle.signal(retrySignal, { reason: 'CRM fixed' });
      await Promise.all([updatedHandle.result(), deletedHandle.result()]);
      expect(seen).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
    });
  });

  it('terminated by hand while holding the turn: the entity notices and the next event runs', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s', TURN_HOLDER_CHECK_INTERVAL: '1s' });
    const broken = { value: true };
    const seen: string[] = [];
    const uid = randomUUID();
    const lifecycle = contactLifecycle(uid);
    const [created, updated, deleted] = lifecycle;
    await withWorker(harness(), config, { registry: failingUpdates(broken, seen) }, async () => {
      const { updatedHandle, deletedHandle } = await parkedHolderWithWaiter(config, lifecycle);
      const entity = harness().client.workflow.getHandle(entityWorkflowId(`contact:${uid}`));

      // Parked but running, the holder keeps the turn through several checks.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      expect((await entity.query(entityQuery)).holder?.eventId).toBe(updated!.eventId);
      expect((await deletedHandle.query(statusQuery)).status).toBe('waiting');

      await updatedHandle.terminate('removed by hand');
      expect((await deletedHandle.result()).status).toBe('done');
      expect(seen).toEqual(['contact.created', 'contact.deleted']);
      const view = await entity.query(entityQuery);
      expect(view.holder).toBeNull();
      expect(view.ran.map((record) => record.eventId)).toEqual(
        [created, updated, deleted].map((event) => event!.eventId),
      );
    });
  });

  it('reset by hand to before its turn request: asks again, gets the turn it held, and finishes', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const broken = { value: true };
    const seen: string[] = [];
    const lifecycle = contactLifecycle(randomUUID());
    await withWorker(harness(), config, { registry: failingUpdates(broken, seen) }, async () => {
      const { updatedHandle, deletedHandle } = await parkedHolderWithWaiter(config, lifecycle);

      broken.value = false;
      await resetToStart(updatedHandle);

      expect((await updatedHandle.result()).status).toBe('done');
      expect((await deletedHandle.result()).status).toBe('done');
      expect(seen).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
    });
  });

  it('done, then reset by hand to rerun it: takes a new turn and runs again', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const seen: string[] = [];
    const [created] = contactLifecycle(randomUUID());
    await withWorker(
      harness(),
      config,
      { registry: failingUpdates({ value: false }, seen) },
      async () => {
        const handle = await startEvent(harness().client, config, created!);
        expect((await handle.result()).status).toBe('done');
        await resetToStart(handle);
        await expect
          .poll(async () => (await handle.describe()).status.name, { timeout: 30_000 })
          .toBe('COMPLETED');
        expect((await handle.result()).status).toBe('done');
        expect(seen).toEqual(['contact.created', 'contact.created']);
      },
    );
  });

  it('whose successor was terminated by hand: the entity skips the gone event and goes on', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const broken = { value: true };
    const seen: string[] = [];
    const uid = randomUUID();
    const createdAt = new Date();
    const [created, updated, deleted] = contactLifecycle(uid, createdAt);
    // A second update as of the first one's time: it queues between that one and the deletion.
    const secondUpdate = receivedEvent(
      podiumEvent('contact.updated', {
        uid,
        createdAt: createdAt.toISOString(),
        updatedAt: new Date(createdAt.getTime() + 1000).toISOString(),
      }),
    );
    await withWorker(harness(), config, { registry: failingUpdates(broken, seen) }, async () => {
      await (await startEvent(harness().client, config, created!)).result();
      const updatedHandle = await startEvent(harness().client, config, updated!);
      await waitForStatus(updatedHandle, 'parked');
      const goneHandle = await startEvent(harness().client, config, secondUpdate);
      await waitForStatus(goneHandle, 'waiting');
      const deletedHandle = await startEvent(harness().client, config, deleted!);
      await waitForStatus(deletedHandle, 'waiting');
      await goneHandle.terminate('removed by hand');

      broken.value = false;
      await updatedHandle.signal(retrySignal, { reason: 'CRM fixed' });
      expect((await deletedHandle.result()).status).toBe('done');
      expect(seen).toEqual(['contact.created', 'contact.updated', 'contact.deleted']);
      const entity = await harness()
        .client.workflow.getHandle(entityWorkflowId(`contact:${uid}`))
        .query(entityQuery);
      expect(entity.holder).toBeNull();
      expect(entity.buffer).toEqual([]);
    });
  });

  it('with the release policy lets the entity go on', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const broken = { value: true };
    const seen: string[] = [];
    const [created, updated, deleted] = contactLifecycle(randomUUID());
    const registry = failingUpdates(broken, seen).releaseTurnOnPark('contact.updated');
    await withWorker(harness(), config, { registry }, async () => {
      await (await startEvent(harness().client, config, created!)).result();
      const updatedHandle = await startEvent(harness().client, config, updated!);
      await waitForStatus(updatedHandle, 'parked');
      const deletedOutcome = await (await startEvent(harness().client, config, deleted!)).result();
      expect(deletedOutcome.status).toBe('done');
      expect(seen).toEqual(['contact.created', 'contact.deleted']);
      const view = await waitForStatus(updatedHandle, 'parked');
      expect(view.parkedReason).toContain('CRM rejects this update');
    });
  });
});

describe('an entity workflow forced to continue-as-new mid-stream', () => {
  it('loses nothing and keeps the order', async () => {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const uid = randomUUID();
    const createdAt = new Date();
    const at = (offsetMs: number) => new Date(createdAt.getTime() + offsetMs).toISOString();
    const created = receivedEvent(
      podiumEvent('contact.created', { uid, createdAt: at(0), updatedAt: at(0) }),
    );
    const updates = Array.from({ length: 8 }, (_, i) =>
      receivedEvent(
        podiumEvent('contact.updated', { uid, createdAt: at(0), updatedAt: at((i + 1) * 1000) }),
      ),
    );
    const seen: string[] = [];
    const allQueued = gate();
    const registry = new HandlerRegistry().onAny('record', async ({ event, received }) => {
      if (event.eventType === 'contact.created') await allQueued.opened;
      seen.push(received.eventId);
      return Promise.resolve();
    });
    await withWorker(
      harness(),
      config,
      { registry, entityContinueAsNewAfterEvents: 12 },
      async () => {
        const handles = await Promise.all(
          shuffled([created, ...updates]).map((event) =>
            startEvent(harness().client, config, event),
          ),
        );
        await waitUntilQueued(`contact:${uid}`, 9);
        allQueued.open();
        await Promise.all(handles.map((handle) => handle.result()));
        const entity = await harness()
          .client.workflow.getHandle(entityWorkflowId(`contact:${uid}`))
          .query(entityQuery);
        expect(entity.runsSoFar).toBeGreaterThanOrEqual(1);
        expect(entity.ran.map((record) => record.eventId)).toEqual(
          [created, ...updates].map((e) => e.eventId),
        );
      },
    );
    expect(seen).toEqual([created, ...updates].map((event) => event.eventId));
  });
});

describe('an idle entity workflow', () => {
  it('finishes, and a later event of the entity starts it afresh', async () => {
    const config = testConfig({ ENTITY_IDLE_TIMEOUT: '1s', HANDLER_TIMEOUT: '60s' });
    const conversationUid = randomUUID();
    const message = () => receivedEvent(podiumEvent('message.received', { conversationUid }));
    const orderingKey = `conversation:${conversationUid}`;
    await withWorker(harness(), config, {}, async () => {
      await (await startEvent(harness().client, config, message())).result();
      const entity = harness().client.workflow.getHandle<typeof entityWorkflow>(
        entityWorkflowId(orderingKey),
      );
      const firstRun = (await entity.describe()).runId;
      const finished = await entity.result();
      expect(finished.ran).toHaveLength(1);
      await (await startEvent(harness().client, config, message())).result();
      const secondRun = await entity.describe();
      expect(secondRun.runId).not.toBe(firstRun);
      expect((await entity.query(entityQuery)).ran).toHaveLength(1);
    });
  });
});

describe('a late event (older than one of its entity that already ran)', () => {
  type Seen = { eventId: string; late: unknown }[];
  const recording = (seen: Seen) =>
    new HandlerRegistry().onAny('record', async ({ received, late }) => {
      seen.push({ eventId: received.eventId, late });
      return Promise.resolve();
    });

  /** Runs a contact's created and its second update, then hands in its first update, late. */
  async function withLateUpdate(
    registry: HandlerRegistry,
    body: (late: {
      config: Config;
      handle: WorkflowHandle<typeof podiumEventWorkflow>;
      first: ReceivedEvent;
      second: ReceivedEvent;
    }) => Promise<void>,
  ) {
    const config = testConfig({ HANDLER_TIMEOUT: '60s' });
    const uid = randomUUID();
    const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const createdAt = at(0);
    const event = (type: 'contact.created' | 'contact.updated', offsetMs: number) =>
      receivedEvent(podiumEvent(type, { uid, createdAt, updatedAt: at(offsetMs) }));
    const [created, first, second] = [
      event('contact.created', 0),
      event('contact.updated', 1000),
      event('contact.updated', 2000),
    ];
    await withWorker(harness(), config, { registry }, async () => {
      const { client } = harness();
      for (const early of [created, second]) {
        expect((await (await startEvent(client, config, early)).result()).status).toBe('done');
      }
      await body({ config, handle: await startEvent(client, config, first), first, second });
    });
  }

  const updatedAtOf = (event: ReceivedEvent) =>
    (JSON.parse(event.body) as { data: { after: { updatedAt: string } } }).data.after.updatedAt;

  it('runs by default, its handler told what superseded it, flagged and findable', async () => {
    const seen: Seen = [];
    await withLateUpdate(recording(seen), async ({ config, handle, first, second }) => {
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      const late = {
        supersededBy: {
          eventId: second.eventId,
          eventType: 'contact.updated',
          resourceTime: updatedAtOf(second),
        },
        policy: 'run',
      };
      expect(outcome.view.late).toEqual(late);
      expect(seen.find((run) => run.eventId === first.eventId)?.late).toEqual(late);
      expect(seen.find((run) => run.eventId === second.eventId)?.late).toBeNull();
      const query = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumEventLate = 'run'`;
      await expect
        .poll(() => listEventIds(harness().client, query), { timeout: 15_000 })
        .toEqual([handle.workflowId]);
    });
  });

  it('with the skip policy is closed as done without running, findable as skipped', async () => {
    const seen: Seen = [];
    const registry = recording(seen).whenLate('contact.updated', 'skip');
    await withLateUpdate(registry, async ({ config, handle, first }) => {
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.late?.policy).toBe('skip');
      expect(seen.map((run) => run.eventId)).not.toContain(first.eventId);
      const query = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumEventStatus = 'done' AND PodiumEventLate = 'skip'`;
      await expect
        .poll(() => listEventIds(harness().client, query), { timeout: 15_000 })
        .toEqual([handle.workflowId]);
    });
  });

  it('with the park policy parks, saying what superseded it, and runs on retry', async () => {
    const seen: Seen = [];
    const registry = recording(seen).whenLate('contact.updated', 'park');
    await withLateUpdate(registry, async ({ config, handle, first, second }) => {
      const parked = await waitForStatus(handle, 'parked');
      expect(parked.parkedReason).toBe(
        `late: older than contact.updated ${second.eventId} (${updatedAtOf(second)}), which already ran`,
      );
      expect(seen.map((run) => run.eventId)).not.toContain(first.eventId);
      const query = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumEventStatus = 'parked' AND PodiumEventLate = 'park'`;
      await expect
        .poll(() => listEventIds(harness().client, query), { timeout: 15_000 })
        .toEqual([handle.workflowId]);
      await handle.signal(retrySignal, { reason: 'the old state is fine here' });
      expect((await handle.result()).status).toBe('done');
      expect(seen.find((run) => run.eventId === first.eventId)?.late).toMatchObject({
        policy: 'park',
      });
    });
  });
});
