/**
 * Production runs the receiver from its esbuild bundle (`npm run build:receiver`), not through
 * tsx: build it, start it as its own process against the real server, and deliver to it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import { describe, expect, inject, it } from 'vitest';
import { eventWorkflowId } from '../../workflows/shared';
import { deliver } from '../support/deliver';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { startServiceProcess } from '../support/service-process';
import { TEST_SECRET, useHarness } from '../support/temporal';

const root = fileURLToPath(new URL('../..', import.meta.url));
const harness = useHarness();

async function answersReady(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/readyz`)).ok;
  } catch {
    return false; // not listening yet
  }
}

describe('the bundled receiver', () => {
  it('starts without tsx, accepts a signed event once, refuses an unsigned one, and stops cleanly on SIGTERM', async () => {
    execFileSync('npm', ['run', '--silent', 'build:receiver'], { cwd: root, stdio: 'pipe' });
    const port = await getPort();
    const taskQueue = `bundle-${randomUUID()}`;
    const receiver = startServiceProcess(['dist/receiver-main.js'], {
      PODIUM_WEBHOOK_SECRET: TEST_SECRET,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'warn',
    });
    const url = `http://127.0.0.1:${port}`;
    let exitCode: number | null;
    try {
      await receiver.waitFor(() => answersReady(url));
      const eventId = randomUUID();
      const body = podiumBody(podiumEvent('contact.created', { eventUid: eventId }));

      expect(await deliver(url, body)).toEqual({
        status: 200,
        body: { status: 'accepted', eventId, workflowId: eventWorkflowId(eventId) },
      });
      expect((await deliver(url, body)).body.status).toBe('duplicate');
      expect((await deliver(url, body, { headers: {} })).status).toBe(401);

      const description = await harness()
        .client.workflow.getHandle(eventWorkflowId(eventId))
        .describe();
      expect(description.taskQueue).toBe(taskQueue);
    } finally {
      exitCode = await receiver.stop('SIGTERM');
    }
    expect(exitCode, receiver.output()).toBe(0);
  });
});
