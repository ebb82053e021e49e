/**
 * The processes that run a worker, as production starts them: the worker alone
 * (`npm run start:worker`, the image's worker service) and everything in one (`npm start`, here
 * against the test cluster). Each processes an event, and on SIGTERM (docker stop) or SIGINT
 * (Ctrl-C) drains and exits 0 with no shutdown step failing.
 */
import getPort from 'get-port';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { startServiceProcess } from '../support/service-process';
import { TEST_SECRET, testConfig, useHarness } from '../support/temporal';

const harness = useHarness();

describe('a process running a worker', () => {
  it.each([
    ['src/worker-main.ts', 'SIGTERM'],
    ['src/main.ts', 'SIGINT'],
    ['src/main.ts', 'SIGTERM'],
  ] as const)('%s processes an event, then on %s drains and exits 0', async (entry, signal) => {
    const config = testConfig();
    const service = startServiceProcess(['--import', 'tsx', entry], {
      PODIUM_WEBHOOK_SECRET: TEST_SECRET,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      TEMPORAL_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      HOST: '127.0.0.1',
      PORT: String(await getPort()),
      LOG_LEVEL: 'info',
    });
    let exitCode: number | null;
    try {
      await service.waitFor((output) => output.includes('"msg":"worker running"'));
      const event = receivedEvent(podiumEvent('contact.created', { eventUid: randomUUID() }));
      const handle = await startEvent(harness().client, config, event);
      expect((await waitForStatus(handle, 'done')).status).toBe('done');
    } finally {
      exitCode = await service.stop(signal);
    }
    expect(service.output()).toContain('"msg":"stopped"');
    expect(service.output()).not.toContain('shutdown step failed');
    expect(exitCode, service.output()).toBe(0);
  });
});
