/**
 * The replay job's tally when items go wrong (issue 15: one failing id stopped the whole run
 * without saying which): a failing item is counted with its id and reason and the job goes on;
 * an event that closed meanwhile counts as already done; a cancel stops it between batches.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import type { replayJobWorkflow } from '../../workflows/replay-job';
import { REPLAY_WORKFLOW_TYPE } from '../../workflows/replay-shared';
import { entityWorkflowId, statusQuery } from '../../workflows/shared';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { startServiceProcess } from '../support/service-process';
import { testConfig, useHarness, withWorker } from '../support/temporal';

const harness = useHarness();

async function cli(args: string[]) {
  const run = startServiceProcess(['--import', 'tsx', 'src/cli/index.ts', ...args], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
  });
  return { code: await run.exited(), output: run.output() };
}

describe('a replay job', () => {
  it('counts retried, already done and failed (with id and reason), and goes on past failures', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '1' });
    const broken = { value: true };
    const registry = new HandlerRegistry().on('contact.created', 'crm', async () => {
      if (broken.value) throw new PermanentHandlerError('CRM down');
      return Promise.resolve();
    });
    const uid = randomUUID();
    const parked = receivedEvent(podiumEvent('contact.created', { uid }));
    const done = receivedEvent(podiumEvent('contact.created', { uid: randomUUID() }));
    await withWorker(harness(), config, { registry }, async () => {
      const { client } = harness();
      const parkedHandle = await startEvent(client, config, parked);
      await waitForStatus(parkedHandle, 'parked');
      broken.value = false;
      const doneHandle = await startEvent(client, config, done);
      await waitForStatus(doneHandle, 'done');

      const jobId = `replay-retry-test-${randomUUID()}`;
      const notAnEvent = entityWorkflowId(`contact:${uid}`);
      const unknown = `podium-event-${randomUUID()}`;
      await client.workflow.start<typeof replayJobWorkflow>(REPLAY_WORKFLOW_TYPE, {
        workflowId: jobId,
        taskQueue: config.temporal.taskQueue,
        args: [
          {
            jobId,
            action: 'retry',
            reason: 'CRM back',
            operator: 'test',
            ratePerSecond: 100,
            workflowIds: [unknown, notAnEvent, doneHandle.workflowId, parkedHandle.workflowId],
          },
        ],
      });
      const attached = await cli(['events', 'job', 'attach', jobId]);
      expect(attached.code, attached.output).toBe(1);
      expect(attached.output).toContain('finished, 4 of 4 processed');
      expect(attached.output).toContain('retried: 1');
      expect(attached.output).toContain('already done: 1');
      expect(attached.output).toContain('failed: 2');
      expect(attached.output).toMatch(new RegExp(`${unknown}: .*not found`, 'i'));
      expect(attached.output).toContain(`${notAnEvent}: `);

      expect((await waitForStatus(parkedHandle, 'done')).operatorActions).toMatchObject([
        { action: 'retry', reason: 'CRM back', applied: true },
      ]);
      expect((await doneHandle.query(statusQuery)).operatorActions).toEqual([]);
    });
  });

  it('stops between batches when cancelled, and says how far it got', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '1' });
    const registry = new HandlerRegistry().on('contact.created', 'crm', async () => {
      throw new PermanentHandlerError('CRM down');
    });
    await withWorker(harness(), config, { registry }, async () => {
      const { client } = harness();
      const handles = [];
      for (let i = 0; i < 3; i++) {
        const handle = await startEvent(
          client,
          config,
          receivedEvent(podiumEvent('contact.created', { uid: randomUUID() })),
        );
        await waitForStatus(handle, 'parked');
        handles.push(handle);
      }
      const jobId = `replay-discard-test-${randomUUID()}`;
      const job = await client.workflow.start<typeof replayJobWorkflow>(REPLAY_WORKFLOW_TYPE, {
        workflowId: jobId,
        taskQueue: config.temporal.taskQueue,
        args: [
          {
            jobId,
            action: 'discard',
            reason: 'test data',
            operator: 'test',
            // One event, then a 1000 s pause: the cancel lands in it.
            ratePerSecond: 0.001,
            workflowIds: handles.map((handle) => handle.workflowId),
          },
        ],
      });
      await waitForStatus(handles[0]!, 'discarded');
      const cancelled = await cli(['events', 'job', 'cancel', jobId]);
      expect(cancelled.code, cancelled.output).toBe(0);
      const outcome = await job.result();
      expect(outcome).toMatchObject({ state: 'cancelled', processed: 1, total: 3 });
      expect((await handles[2]!.query(statusQuery)).status).toBe('parked');
    });
  });

  it('carries its list, tally and memo across continue-as-new', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '1' });
    const broken = { value: true };
    const registry = new HandlerRegistry().on('contact.created', 'crm', async () => {
      if (broken.value) throw new PermanentHandlerError('CRM down');
      return Promise.resolve();
    });
    await withWorker(harness(), config, { registry }, async () => {
      const { client } = harness();
      const handles = [];
      for (let i = 0; i < 5; i++) {
        const handle = await startEvent(
          client,
          config,
          receivedEvent(podiumEvent('contact.created', { uid: randomUUID() })),
        );
        await waitForStatus(handle, 'parked');
        handles.push(handle);
      }
      broken.value = false;
      const jobId = `replay-retry-test-${randomUUID()}`;
      const job = await client.workflow.start<typeof replayJobWorkflow>(REPLAY_WORKFLOW_TYPE, {
        workflowId: jobId,
        taskQueue: config.temporal.taskQueue,
        memo: { action: 'retry', reason: 'CRM back', operator: 'test', total: 5 },
        args: [
          {
            jobId,
            action: 'retry',
            reason: 'CRM back',
            operator: 'test',
            ratePerSecond: 2,
            batchesPerRun: 1,
            workflowIds: handles.map((handle) => handle.workflowId),
          },
        ],
      });
      const outcome = await job.result();
      expect(outcome).toMatchObject({ state: 'finished', processed: 5, total: 5 });
      expect(outcome.tally).toMatchObject({ acted: 5, alreadyDone: 0, failed: 0 });
      const latest = await client.workflow.getHandle(jobId).describe();
      expect(latest.runId).not.toBe(job.firstExecutionRunId);
      expect(latest.memo).toMatchObject({ action: 'retry', total: 5 });
      for (const handle of handles) await waitForStatus(handle, 'done');
    });
  });
});
