/**
 * Production runs the receiver from its esbuild bundle (`npm run build:receiver`), not through
 * tsx: build it, start it as its own process against the real server, and deliver to it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import getPort from 'get-port';
import { describe, expect, inject, it } from 'vitest';
import { eventWorkflowId } from '../../workflows/shared';
import { deliver } from '../support/deliver';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { TEST_SECRET, useHarness } from '../support/temporal';

const root = fileURLToPath(new URL('../..', import.meta.url));
const harness = useHarness();

async function waitForReady(url: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`the bundled receiver was not ready at ${url}`);
}

describe('the bundled receiver', () => {
  it('starts without tsx, accepts a signed event once, refuses an unsigned one, and stops cleanly on SIGTERM', async () => {
    execFileSync('npm', ['run', '--silent', 'build:receiver'], { cwd: root, stdio: 'pipe' });
    const port = await getPort();
    const taskQueue = `bundle-${randomUUID()}`;
    const child = spawn(process.execPath, ['dist/receiver-main.js'], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        PODIUM_WEBHOOK_SECRET: TEST_SECRET,
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: taskQueue,
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = once(child, 'exit');
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForReady(url, Date.now() + 30_000);
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
      child.kill('SIGTERM');
    }
    const [code] = (await exited) as [number | null];
    expect(code, output).toBe(0);
  });
});
