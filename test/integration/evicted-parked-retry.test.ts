/**
 * Finding (issue 12, defect 7): `npm start` grew to ~930 MB with ~430 parked workflows open,
 * because the SDK's default cache (sized from the heap limit) kept every one in memory. The
 * cache is now bounded (WORKER_MAX_CACHED_WORKFLOWS): parked events fall out of it, and must
 * still answer `retry` by replaying from their history.
 */
import { Client } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { createPodiumWorker } from '../../src/temporal/worker';
import { retrySignal } from '../../workflows/shared';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { testConfig, useHarness } from '../support/temporal';

const harness = useHarness();

describe('a worker whose workflow cache holds two', () => {
  it('parks five events, evicting them, and brings all five to done on retry', async () => {
    const config = testConfig({ WORKER_MAX_CACHED_WORKFLOWS: '2' });
    let fixed = false;
    const registry = new HandlerRegistry().onAny('crm', async () => {
      if (!fixed) throw new PermanentHandlerError('CRM refuses it');
      return Promise.resolve();
    });
    const worker = await createPodiumWorker({
      connection: harness().workerConnection,
      client: new Client({ connection: harness().workerConnection, namespace: 'default' }),
      config,
      registry,
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    await worker.runUntil(async () => {
      // Five entities (each event and its entity's workflow): ten workflows for two slots.
      const handles = await Promise.all(
        Array.from({ length: 5 }, () =>
          startEvent(harness().client, config, receivedEvent(podiumEvent('contact.created'))),
        ),
      );
      for (const handle of handles) await waitForStatus(handle, 'parked');
      expect(worker.getStatus().numCachedWorkflows).toBeLessThanOrEqual(2);

      fixed = true;
      for (const handle of handles) await handle.signal(retrySignal, { reason: 'CRM fixed' });
      const views = [];
      // Two slots replay ten evicted workflows one after another: slow on a loaded machine.
      for (const handle of handles) views.push(await waitForStatus(handle, 'done', 90_000));
      expect(views.map((view) => view.status)).toEqual(Array(5).fill('done'));
      expect(views.map((view) => view.handlers.map((h) => h.state))).toEqual(
        Array(5).fill(['succeeded']),
      );
      expect(worker.getStatus().numCachedWorkflows).toBeLessThanOrEqual(2);
    });
  }, 240_000);
});
