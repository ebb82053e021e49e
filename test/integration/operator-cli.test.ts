/**
 * The operator CLI as operators run it (`npx podium-webhooks …`, a process of its own) against
 * a real cluster: rerunning closed events, and refusing to rerun open ones.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { statusQuery } from '../../workflows/shared';
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
