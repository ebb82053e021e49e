/**
 * What the Web UI reads of an event (issue 15, "The Web UI shows the story"): its static
 * summary and details, why it parked as its current details, the signals its menu offers
 * (operators' with descriptions, internal ones named so), and who acted on it.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { retrySignal } from '../../workflows/shared';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { testConfig, useHarness, withWorker } from '../support/temporal';

const harness = useHarness();

/** The query the Web UI sends for "current details" and the signal menu. */
interface WorkflowMetadata {
  currentDetails?: string;
  definition?: { signalDefinitions?: { name?: string; description?: string }[] };
}

describe('the Web UI shows the story of an event', () => {
  it('summarises it, says why it parked, offers only operator signals and records who retried', async () => {
    const config = testConfig();
    const broken = { value: true };
    const registry = new HandlerRegistry().onAny('crm', async () => {
      if (broken.value) throw new PermanentHandlerError('CRM rejects it');
      return Promise.resolve();
    });
    const uid = randomUUID();
    const event = receivedEvent(podiumEvent('contact.created', { uid }));
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      await waitForStatus(handle, 'parked');

      const described = await handle.describe();
      expect(await described.staticSummary()).toBe(`contact.created · contact:${uid}`);
      const details = await described.staticDetails();
      expect(details).toContain(event.eventId);
      expect(details).toContain(event.receivedAt);
      expect(details).toContain('podium-signature');

      const metadata = await handle.query<WorkflowMetadata>('__temporal_workflow_metadata');
      expect(metadata.currentDetails).toMatch(
        /^parked: handler crm failed after 1 attempt\(s\): .*CRM rejects it/,
      );
      const signals = metadata.definition?.signalDefinitions ?? [];
      const operatorSignals = signals.filter((signal) => !signal.name?.startsWith('internal:'));
      expect(operatorSignals.map((signal) => signal.name).sort()).toEqual(['discard', 'retry']);
      for (const signal of operatorSignals) expect(signal.description).toBeTruthy();
      expect(signals.map((signal) => signal.name)).toContain('internal:attemptFailed');

      broken.value = false;
      // As the Web UI sends it: whatever JSON the operator typed, here without `by`.
      await handle.signal(retrySignal, { reason: 'CRM fixed' });
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.operatorActions).toMatchObject([
        { action: 'retry', reason: 'CRM fixed', by: 'web-ui-or-unknown', applied: true },
      ]);
      const after = await handle.query<WorkflowMetadata>('__temporal_workflow_metadata');
      expect(after.currentDetails ?? '').toBe('');
    });
  });
});
