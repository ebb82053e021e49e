/**
 * Issue 15's metrics, scraped as Prometheus would after real traffic: the receiver's /metrics
 * (a real receiver on the real dev server) and a worker process's METRICS_PORT (the SDK's own
 * series and the project's handler series).
 */
import getPort from 'get-port';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { receivedEvent, startEvent, waitForStatus } from '../support/events';
import { deliver } from '../support/deliver';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { startServiceProcess } from '../support/service-process';
import { startSink } from '../support/sink';
import { retrySignal } from '../../workflows/shared';
import { TEST_SECRET, testConfig, useHarness, withReceiver } from '../support/temporal';

const harness = useHarness();

const scrape = async (url: string) => (await fetch(url)).text();

describe('the receiver at /metrics', () => {
  it('counts deliveries by outcome and times acknowledgements and Temporal starts', async () => {
    // The longest start the receiver allows: a loaded test machine is not what is measured here.
    const config = testConfig({ MAX_BODY_BYTES: '4096', TEMPORAL_START_TIMEOUT: '4500ms' });
    await withReceiver(harness().client, config, async (receiver) => {
      const body = podiumBody(podiumEvent('contact.created', { eventUid: randomUUID() }));
      expect((await deliver(receiver.url, body)).body.status).toBe('accepted');
      expect((await deliver(receiver.url, body)).body.status).toBe('duplicate');
      expect((await deliver(receiver.url, `not json ${randomUUID()}`)).status).toBe(200);
      expect((await deliver(receiver.url, body, { secret: 'wrong' })).status).toBe(401);
      expect((await deliver(receiver.url, 'x'.repeat(8192))).status).toBe(413);

      const metrics = await scrape(`${receiver.url}/metrics`);
      for (const series of [
        'podium_webhook_deliveries_total{outcome="accepted",reason=""} 1',
        'podium_webhook_deliveries_total{outcome="duplicate",reason=""} 1',
        'podium_webhook_deliveries_total{outcome="malformed",reason=""} 1',
        'podium_webhook_deliveries_total{outcome="rejected",reason="signature_mismatch"} 1',
        'podium_webhook_deliveries_total{outcome="too_large",reason="body_too_large"} 1',
        'podium_webhook_ack_seconds_count{status="200"} 3',
        'podium_webhook_ack_seconds_count{status="401"} 1',
        'podium_temporal_start_seconds_count{outcome="accepted"} 2',
        'podium_temporal_start_seconds_count{outcome="duplicate"} 1',
      ])
        expect(metrics).toContain(series);
    });
  });
});

describe('the worker on METRICS_PORT', () => {
  it("serves the SDK's runtime metrics and the handlers' outcomes, durations and parks", async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '1' });
    const metricsPort = await getPort();
    const worker = startServiceProcess(['--import', 'tsx', 'src/worker-main.ts'], {
      PODIUM_WEBHOOK_SECRET: TEST_SECRET,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      TEMPORAL_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      HANDLER_MAX_ATTEMPTS: '1',
      // Nothing listens there: the forward fails, and with one attempt the event parks.
      FORWARD_URL: `http://127.0.0.1:${await getPort()}/nowhere`,
      FORWARD_ALLOW_HTTP: 'true',
      FORWARD_SECRET: `whsec_${Buffer.from('metrics-test-forward-key').toString('base64')}`,
      METRICS_PORT: String(metricsPort),
      HOST: '127.0.0.1',
      PORT: String(await getPort()),
      LOG_LEVEL: 'info',
    });
    try {
      await worker.waitFor((output) => output.includes('"msg":"worker running"'));
      const event = receivedEvent(podiumEvent('contact.created', { eventUid: randomUUID() }));
      const handle = await startEvent(harness().client, config, event);
      await waitForStatus(handle, 'parked');

      const url = `http://127.0.0.1:${metricsPort}/metrics`;
      await expect
        .poll(() => scrape(url), { timeout: 30_000 })
        .toMatch(
          /podium_events_parked_total\{[^}]*handler="forwardToUrl"[^}]*reason="retries_exhausted"[^}]*\} 1/,
        );
      const metrics = await scrape(url);
      expect(metrics).toMatch(
        /podium_handler_attempts_total\{[^}]*handler="forwardToUrl"[^}]*outcome="failed"[^}]*\} 1/,
      );
      expect(metrics).toMatch(
        /podium_handler_duration_milliseconds_bucket\{[^}]*handler="forwardToUrl"[^}]*le="500"/,
      );
      // Its one attempt ran inline: the SDK counts it as a local activity.
      expect(metrics).toMatch(/temporal_local_activity_execution_failed(_total)?\{/);
      expect(metrics).toMatch(/temporal_workflow_task_schedule_to_start_latency/);
      // The event's own lines: parked (which event, type, entity, why) and retried (by whom).
      await handle.signal(retrySignal, { reason: 'CRM back', by: 'on-call' });
      const lines = () =>
        worker
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Record<string, unknown>);
      await expect
        .poll(() => lines().find((line) => line.msg === 'event retried'), { timeout: 30_000 })
        .toMatchObject({ eventId: event.eventId, reason: 'CRM back', by: 'on-call' });
      expect(
        lines().find((line) => line.msg === 'event parked' && 'eventType' in line),
      ).toMatchObject({
        eventId: event.eventId,
        eventType: 'contact.created',
      });
      // And one log line for the park, with the failure's message.
      expect(worker.output()).toMatch(
        /"msg":"event parked".*"handler":"forwardToUrl"|"handler":"forwardToUrl".*"msg":"event parked"/,
      );
    } finally {
      await worker.stop('SIGTERM');
    }
  });
});

describe('late events on METRICS_PORT', () => {
  it('are counted by type and the policy applied', async () => {
    const config = testConfig();
    const metricsPort = await getPort();
    const sink = await startSink();
    const worker = startServiceProcess(['--import', 'tsx', 'src/worker-main.ts'], {
      PODIUM_WEBHOOK_SECRET: TEST_SECRET,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: config.temporal.taskQueue,
      TEMPORAL_WORKFLOW_BUNDLE: inject('workflowBundlePath'),
      FORWARD_URL: sink.url,
      FORWARD_SECRET: `whsec_${Buffer.from('metrics-test-forward-key').toString('base64')}`,
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    });
    try {
      await worker.waitFor(async () =>
        fetch(`http://127.0.0.1:${metricsPort}/metrics`).then(
          (response) => response.ok,
          () => false,
        ),
      );
      // A contact's created and second update run; its first update comes after them: late.
      const uid = randomUUID();
      const at = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
      const createdAt = at(0);
      const event = (type: 'contact.created' | 'contact.updated', offsetMs: number) =>
        receivedEvent(podiumEvent(type, { uid, createdAt, updatedAt: at(offsetMs) }));
      for (const next of [
        event('contact.created', 0),
        event('contact.updated', 2000),
        event('contact.updated', 1000),
      ])
        await waitForStatus(await startEvent(harness().client, config, next), 'done');
      await expect
        .poll(() => scrape(`http://127.0.0.1:${metricsPort}/metrics`), { timeout: 30_000 })
        .toMatch(
          /podium_events_late_total\{[^}]*event_type="contact\.updated"[^}]*policy="run"[^}]*\} 1\b/,
        );
    } finally {
      await worker.stop('SIGTERM');
      await sink.close();
    }
  });
});
