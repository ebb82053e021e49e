/**
 * `events list` and `events show` as on-call reads them (issue 15): the total besides the rows
 * shown, the reason column, a --limit that says it cut, unknown statuses refused, and a waiting
 * event's view naming the event that holds its turn.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
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

describe('events list and show', () => {
  it('refuses an unknown status with the valid ones (it used to answer "(none)")', async () => {
    const { code, output } = await cli(['events', 'list', '--status', 'bogus']);
    expect(code).toBe(2);
    expect(output).toContain(
      "unknown status 'bogus': use one of processing, waiting, parked, done, discarded",
    );
  });

  it('counts all, shows --limit rows with their reason, and names the turn a waiting event waits for', async () => {
    const config = testConfig();
    const queue = config.temporal.taskQueue;
    const registry = new HandlerRegistry()
      .on('contact.created', 'crm', async () => {
        throw new PermanentHandlerError('CRM rejects it');
      })
      .on('contact.updated', 'crm-update', async () => Promise.resolve());
    const uid = randomUUID();
    const parked = [
      receivedEvent(podiumEvent('contact.created', { uid })),
      receivedEvent(podiumEvent('contact.created', { uid: randomUUID() })),
    ];
    const behind = receivedEvent(podiumEvent('contact.updated', { uid }));
    await withWorker(harness(), config, { registry }, async () => {
      for (const event of parked)
        await waitForStatus(await startEvent(harness().client, config, event), 'parked');
      await waitForStatus(await startEvent(harness().client, config, behind), 'waiting');

      const list = ['events', 'list', '--task-queue', queue];
      await expect
        .poll(async () => (await cli([...list, '--limit', '1'])).output, { timeout: 30_000 })
        .toContain('2 event(s), showing the newest 1 (--limit)');
      const table = await cli([...list, '--limit', '1']);
      expect(table.output).toMatch(/^WORKFLOW\s+TYPE\s+STATUS\s+ENTITY\s+RECEIVED\s+REASON$/m);
      expect(table.output).toMatch(
        /contact\.created\s+parked\s+contact:\S+\s+\S+\s+handler crm failed after 1 attempt\(s\): CRM rejects it/,
      );

      const json = await cli([...list, '--json']);
      expect(json.code, json.output).toBe(0);
      expect(JSON.parse(json.output)).toMatchObject({ total: 2, shown: 2 });

      const shown = await cli(['events', 'show', behind.eventId]);
      expect(shown.code, shown.output).toBe(0);
      expect(shown.output).toMatch(/status:\s+waiting/);
      expect(shown.output).toContain(`held by event ${parked[0]!.eventId} (contact.created`);
    });
  });
});
