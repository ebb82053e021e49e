/** The namespace as the service needs it: search attributes, and a retention long enough to dedup. */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { msToTs } from '@temporalio/common/lib/time';
import { pino } from 'pino';
import {
  ensureSearchAttributes,
  retentionDays,
  warnIfRetentionShort,
} from '../../src/temporal/namespace';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/shared';
import { startServiceProcess } from '../support/service-process';
import { TEST_SECRET, useHarness } from '../support/temporal';

const harness = useHarness();

async function createNamespace(days: number): Promise<string> {
  const namespace = `ns-${randomUUID()}`;
  await harness().client.connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs(days * 86_400_000),
  });
  return namespace;
}

describe('the namespace', () => {
  // Embedded: set by the dev server at start. On the cluster: by deploy/temporal/setup-namespace.sh.
  it('keeps closed events 14 days, longer than Podium keeps redelivering (~10)', async () => {
    expect(await retentionDays(harness().client.connection, 'default')).toBe(14);
  });

  it('gets the three Keyword search attributes registered where they are missing', async () => {
    const namespace = await createNamespace(30);
    await ensureSearchAttributes(harness().client.connection, namespace);
    await ensureSearchAttributes(harness().client.connection, namespace); // idempotent
    const listed = await harness().client.connection.operatorService.listSearchAttributes({
      namespace,
    });
    for (const key of SEARCH_ATTRIBUTE_KEYS) {
      expect(listed.customAttributes?.[key.name]).toBeDefined();
    }
  });

  it('warns loudly at start when an external namespace keeps events under 10 days', async () => {
    const lines: string[] = [];
    const captured = pino(
      { level: 'warn' },
      { write: (line: string) => lines.push((JSON.parse(line) as { msg: string }).msg) },
    );
    await warnIfRetentionShort(harness().client.connection, await createNamespace(3), captured);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^NAMESPACE RETENTION IS 3 DAYS/);

    lines.length = 0;
    await warnIfRetentionShort(harness().client.connection, await createNamespace(30), captured);
    expect(lines).toEqual([]);
  });

  it('the service started against a namespace keeping 3 days says so in a warning at start', async () => {
    const namespace = await createNamespace(3);
    const service = startServiceProcess(['--import', 'tsx', 'src/worker-main.ts'], {
      PODIUM_WEBHOOK_SECRET: TEST_SECRET,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
      TEMPORAL_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      LOG_LEVEL: 'info',
    });
    try {
      await service.waitFor((output) => output.includes('"msg":"worker running"'));
    } finally {
      await service.stop('SIGTERM');
    }
    const lines = service
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string; retentionDays?: number });
    const warning = lines.find((line) => line.msg.startsWith('NAMESPACE RETENTION IS 3 DAYS'));
    expect(warning, service.output()).toMatchObject({ level: 40, namespace, retentionDays: 3 });
    // Before the worker takes any work, so an operator reading the start sees it.
    expect(lines.indexOf(warning!)).toBeLessThan(
      lines.findIndex((line) => line.msg === 'worker running'),
    );
  });
});
