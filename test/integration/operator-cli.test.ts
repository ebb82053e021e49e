/**
 * The operator CLI as operators run it (`npx podium-webhooks …`, a process of its own) against
 * a real cluster: finding, showing and retrying a parked event; rerunning closed events, and
 * refusing to rerun open or unknown ones.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { statusQuery, type EntityView, type EventStatusView } from '../../workflows/shared';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { startServiceProcess } from '../support/service-process';
import { testConfig, useHarness, withWorker } from '../support/temporal';

const harness = useHarness();

/** Runs `podium-webhooks <args>` to its end; resolves with its exit code and output. */
async function cli(args: string[]): Promise<{ code: number | null; output: string }> {
  const run = startServiceProcess(['--import', 'tsx', 'src/cli/index.ts', ...args], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
  });
  const code = await run.exited();
  return { code, output: run.output() };
}

describe('podium-webhooks events list, show, retry and entity', () => {
  it('find a parked event by its entity, show why it parked and its entity, retry it to done', async () => {
    const config = testConfig();
    const broken = { value: true };
    const registry = new HandlerRegistry().onAny('crm', async () => {
      if (broken.value) throw new PermanentHandlerError('CRM rejects it');
      return Promise.resolve();
    });
    // A uid the service cannot search by as it is (a `?`), so it keys the entity by its
    // SHA-256: the operator still gives the uid Podium sent, to `events list` and to `entity`.
    const uid = `${randomUUID()}?v=2`;
    const event = receivedEvent(podiumEvent('contact.created', { uid }));
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      await waitForStatus(handle, 'parked');

      await expect
        .poll(async () => (await cli(['events', 'list', '--entity', `contact:${uid}`])).output, {
          timeout: 30_000,
        })
        .toMatch(
          new RegExp(`${handle.workflowId}\\s+contact\\.created\\s+parked\\s.*CRM rejects it`),
        );
      const shown = await cli(['events', 'show', event.eventId, '--json']);
      expect(shown.code, shown.output).toBe(0);
      const view = JSON.parse(shown.output) as EventStatusView;
      expect(view.status).toBe('parked');
      expect(view.parkedReason).toContain('CRM rejects it');
      // Parked, it holds its entity's turn.
      const entity = await cli(['entity', `contact:${uid}`]);
      expect(entity.code, entity.output).toBe(0);
      expect((JSON.parse(entity.output) as EntityView).holder?.eventId).toBe(event.eventId);

      broken.value = false;
      const retried = await cli([
        'events',
        'retry',
        event.eventId,
        '--reason',
        'CRM fixed',
        '--yes',
      ]);
      expect(retried.code, retried.output).toBe(0);
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.operatorActions).toMatchObject([
        { action: 'retry', reason: 'CRM fixed', applied: true },
      ]);
    });
  });
});

describe('podium-webhooks events rerun', () => {
  it('runs a done event again from the start, every handler once more', async () => {
    const config = testConfig();
    const runs: string[] = [];
    const registry = new HandlerRegistry().onAny('record', async ({ received }) => {
      runs.push(received.eventId);
      return Promise.resolve();
    });
    const event = receivedEvent(podiumEvent('contact.created', { uid: randomUUID() }));
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      expect((await handle.result()).status).toBe('done');

      const { code, output } = await cli([
        'events',
        'rerun',
        event.eventId,
        '--reason',
        'CRM fixed',
      ]);
      expect(code, output).toBe(0);
      expect(output).toContain(`rerun: ${handle.workflowId}`);

      await expect
        .poll(async () => (await handle.describe()).status.name, { timeout: 30_000 })
        .toBe('COMPLETED');
      expect((await handle.query(statusQuery)).status).toBe('done');
      expect(runs).toEqual([event.eventId, event.eventId]);
    });
  });

  it('says when the entity has run later events since the one rerun (issue 15: it said nothing of order)', async () => {
    const config = testConfig();
    const uid = randomUUID();
    const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
    const created = receivedEvent(podiumEvent('contact.created', { uid, createdAt: at(0) }));
    const updated = receivedEvent(
      podiumEvent('contact.updated', { uid, createdAt: at(0), updatedAt: at(1000) }),
    );
    await withWorker(harness(), config, {}, async () => {
      for (const event of [created, updated])
        expect((await (await startEvent(harness().client, config, event)).result()).status).toBe(
          'done',
        );
      const rerun = await cli(['events', 'rerun', created.eventId, '--reason', 'CRM fixed']);
      expect(rerun.code, rerun.output).toBe(0);
      expect(rerun.output).toContain(
        `note: contact:${uid} has run 1 event(s) since this one (contact.updated ${updated.eventId})`,
      );
    });
  });

  it('leaves a parked event alone and says to retry or discard it', async () => {
    const config = testConfig();
    const registry = new HandlerRegistry().onAny('reject', async () => {
      throw new PermanentHandlerError('CRM rejects it');
    });
    const event = receivedEvent(podiumEvent('contact.created', { uid: randomUUID() }));
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      await waitForStatus(handle, 'parked');
      const { runId } = await handle.describe();

      const { code, output } = await cli(['events', 'rerun', event.eventId, '--reason', 'try']);
      expect(code, output).toBe(1);
      expect(output).toContain('is still open; retry or discard it instead');
      const after = await handle.describe();
      expect(after.runId).toBe(runId);
      expect((await handle.query(statusQuery)).status).toBe('parked');
    });
  });

  it('says so for an event it does not know', async () => {
    const { code, output } = await cli(['events', 'rerun', randomUUID(), '--reason', 'try']);
    expect(code, output).toBe(1);
    expect(output).toMatch(/not rerun: podium-event-\S+ not found/);
  });
});
