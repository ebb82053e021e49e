/** The namespace as the service needs it: search attributes, and a retention long enough to dedup. */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { msToTs } from '@temporalio/common/lib/time';
import { pino } from 'pino';
import {
  ensureSearchAttributes,
  retentionDays,
  warnIfRetentionShort,
} from '../../src/temporal/namespace';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/shared';
import { useHarness } from '../support/temporal';

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
  it('embedded: keeps closed events 14 days, longer than Podium keeps redelivering (~10)', async () => {
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
});
