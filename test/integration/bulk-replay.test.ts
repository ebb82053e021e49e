/**
 * Issue 15's on-call scenario, end to end: the downstream was down and 800 events parked, some
 * after an earlier handler had already succeeded, with events waiting behind some of them. A
 * dry run counts them; a bulk retry job (the CLI killed halfway, then attached again) completes
 * every one, each handler's effect exactly once, and does exactly what the dry run counted.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { eventQuery } from '../../src/cli/filters';
import { mapConcurrently } from '../../src/cli/select-events';
import { receivedEvent, startEvent } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { startServiceProcess } from '../support/service-process';
import { testConfig, useHarness, withWorker } from '../support/temporal';

const harness = useHarness();

const PARKED = 800;
/** One event in four parks on the first handler; the others after it succeeded, on the second. */
const PARK_ON_FIRST_EVERY = 4;
const WAITING = 20;
const RATE = 50;
// Generous bounds: setting up 800 parked events takes minutes on a shared 2-core machine.

function cliProcess(args: string[]) {
  return startServiceProcess(['--import', 'tsx', 'src/cli/index.ts', ...args], {
    TEMPORAL_ADDRESS: inject('temporalAddress'),
  });
}

async function cli(args: string[]) {
  const run = cliProcess(args);
  return { code: await run.exited(), output: run.output() };
}

describe('a bulk retry job after an outage (issue 15)', () => {
  it('retries 800 parked events exactly once each, surviving a killed CLI, as its dry run counted', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '1' });
    const queue = config.temporal.taskQueue;
    const downstreamDown = { value: true };
    const effects = new Map<string, number>();
    const effect = (key: string) => effects.set(key, (effects.get(key) ?? 0) + 1);
    const firstFails = new Set<string>();
    const registry = new HandlerRegistry()
      .onAny('crm-a', async ({ received }) => {
        if (downstreamDown.value && firstFails.has(received.eventId))
          throw new PermanentHandlerError('CRM A is down');
        effect(`${received.eventId}:crm-a`);
        return Promise.resolve();
      })
      .onAny('crm-b', async ({ received }) => {
        if (downstreamDown.value && received.eventType === 'contact.created')
          throw new PermanentHandlerError('CRM B is down');
        effect(`${received.eventId}:crm-b`);
        return Promise.resolve();
      });

    const created = Array.from({ length: PARKED }, (_, index) => {
      const uid = randomUUID();
      const event = receivedEvent(podiumEvent('contact.created', { uid }));
      if (index % PARK_ON_FIRST_EVERY === 0) firstFails.add(event.eventId);
      return { uid, event };
    });
    const waiting = created
      .slice(0, WAITING)
      .map(({ uid }) =>
        receivedEvent(podiumEvent('contact.updated', { uid, updatedAt: new Date().toISOString() })),
      );
    const { client } = harness();
    const count = async (status: string) =>
      (
        await client.workflow.count(
          `${eventQuery({ status: status as 'parked' })} AND TaskQueue = '${queue}'`,
        )
      ).count;

    await withWorker(harness(), config, { registry }, async () => {
      await mapConcurrently(
        created.map(({ event }) => event),
        (event) => startEvent(client, config, event),
      );
      await expect.poll(() => count('parked'), { timeout: 900_000, interval: 1000 }).toBe(PARKED);
      for (const event of waiting) await startEvent(client, config, event);
      await expect.poll(() => count('waiting'), { timeout: 60_000, interval: 1000 }).toBe(WAITING);

      const selection = ['--task-queue', queue, '--reason', 'CRM back up'];
      const dryRun = await cli(['events', 'retry', ...selection, '--dry-run']);
      expect(dryRun.code, dryRun.output).toBe(0);
      expect(dryRun.output).toContain(`retry: ${PARKED} event(s)`);
      expect(dryRun.output).toMatch(
        new RegExp(`${PARKED / PARK_ON_FIRST_EVERY}\\s+handler crm-a failed .*CRM A is down`),
      );
      expect(dryRun.output).toMatch(
        new RegExp(
          `${PARKED - PARKED / PARK_ON_FIRST_EVERY}\\s+handler crm-b failed .*CRM B is down`,
        ),
      );
      expect(dryRun.output).toContain(
        `waiting behind them: ${WAITING} event(s) on ${WAITING} entities`,
      );
      expect(await count('parked')).toBe(PARKED); // the dry run changed nothing

      downstreamDown.value = false;
      const first = cliProcess(['events', 'retry', ...selection, '--yes', '--rate', String(RATE)]);
      await first.waitFor((output) => /retry \[.*\] [1-9]\d*\/800/.test(output), 120_000);
      await first.stop('SIGKILL');
      const jobId = /job (replay-retry-\S+) started/.exec(first.output())?.[1];
      expect(jobId, first.output()).toBeDefined();

      const jobs = await cli(['events', 'jobs']);
      expect(jobs.output).toMatch(new RegExp(`${jobId}\\s+running\\s+retry\\s+${PARKED}`));

      const attached = await cli(['events', 'job', 'attach', jobId!]);
      expect(attached.code, attached.output).toBe(0);
      expect(attached.output).toMatch(/retry \[.*\] \d+\/800 \| [\d.]+\/s \| ETA/);
      expect(attached.output).toContain(`finished, ${PARKED} of ${PARKED} processed in`);
      // The figure, for the README's runbook (not asserted: timing on a shared machine).
      console.log(attached.output.split('\n').find((line) => line.startsWith('job ')));
      expect(attached.output).toContain(`retried: ${PARKED}`);
      expect(attached.output).toContain('already done: 0');
      expect(attached.output).toContain('failed: 0');

      await expect
        .poll(() => count('done'), { timeout: 900_000, interval: 1000 })
        .toBe(PARKED + WAITING);
    });

    const all = [...created.map(({ event }) => event), ...waiting];
    const twice = [...effects].filter(([, n]) => n !== 1);
    expect(twice).toEqual([]);
    for (const event of all) {
      expect(effects.get(`${event.eventId}:crm-a`), event.eventId).toBe(1);
      expect(effects.get(`${event.eventId}:crm-b`), event.eventId).toBe(1);
    }
    expect(effects.size).toBe(2 * all.length);
  }, 2_400_000);
});
