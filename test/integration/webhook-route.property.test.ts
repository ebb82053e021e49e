/**
 * Properties of the webhook route over generated requests (any bytes, JSON-ish text, odd and
 * repeated headers, content encodings, near-valid signatures) against the real receiver and a
 * real Temporal dev server: never a 5xx, no error escapes to the generic handler, every
 * authentic delivery is accepted with its exact bytes, and no workflow starts without one.
 */
import { describe, expect, it } from 'vitest';
import { listenReceiver } from '../../src/receiver/listen';
import type { ReceivedEvent } from '../../workflows/shared';
import { captureLog } from '../property/captured-log';
import { materialize, requestPlanArb, type MaterialRequest } from '../property/request-plans';
import { checkAsyncProperty } from '../property/run-property';
import { sendRequest, type Answer } from '../property/send-request';
import fc from 'fast-check';
import { testConfig, TEST_SECRET, useHarness } from '../support/temporal';
import { acceptedCount, startedEvents, waitForWorkflows } from '../property/started-events';

const harness = useHarness();
const RUNS = 150;
const MAX_BODY_BYTES = 1_048_576;

/** What the receiver must answer: 200 to the authentic, a 4xx to the rest, never a 5xx. */
function expectAnswer(request: MaterialRequest, answer: Answer, encoded: boolean) {
  expect(answer.status, answer.body).toBeLessThan(500);
  if (!request.authentic) {
    expect(answer.status, answer.body).toBeGreaterThanOrEqual(400);
  } else if (request.body.length > MAX_BODY_BYTES) {
    expect(answer.status).toBe(413);
  } else if (!encoded) {
    expect(answer.status, answer.body).toBe(200);
  }
  // An authentic body in a content encoding may be accepted over the bytes sent, or refused.
}

/** The bytes a started event keeps as its own: the delivery's, for a single event. */
const keptBytes = (event: ReceivedEvent) => Buffer.from(event.body, event.bodyEncoding);

describe('the webhook route, over generated requests', () => {
  it('never answers 5xx, accepts exactly the authentic, and starts nothing else', async () => {
    const log = captureLog('info');
    const config = testConfig({ TEMPORAL_START_TIMEOUT: '4500ms' }); // slack for a shared machine: its speed is not the point
    const receiver = await listenReceiver(config, harness().client, log.logger);
    const authentic = new Map<string, { request: MaterialRequest; answer: Answer }>();
    let accepted = 0;
    try {
      await checkAsyncProperty(
        fc.asyncProperty(requestPlanArb, async (plan) => {
          const request = materialize(plan, TEST_SECRET, Date.now());
          const answer = await sendRequest(
            `${receiver.url}/webhooks/podium`,
            request.body,
            request.headers,
          );
          expectAnswer(request, answer, plan.encoding !== null);
          if (request.authentic && request.digest && answer.status === 200) {
            authentic.set(request.digest, { request, answer });
            accepted += acceptedCount(answer.body);
          }
        }),
        RUNS,
      );
    } finally {
      await receiver.close();
    }
    // The generators reach the accepting path often, or the checks below would prove little.
    expect(authentic.size).toBeGreaterThan(RUNS / 10);
    // Nothing reached the generic 503 of an unexpected error, or any other error line.
    expect(log.atLeast(50)).toEqual([]);

    const { client } = harness();
    const started = await startedEvents(
      client,
      await waitForWorkflows(client, config.temporal.taskQueue, accepted),
    );
    expect(started).toHaveLength(accepted);
    for (const { workflowId, digest, event } of started) {
      // Every workflow carries the MAC of a request the test signed over exactly its bytes.
      expect([...authentic.keys()]).toContain(digest);
      const sent = authentic.get(digest ?? '')?.request.body ?? Buffer.alloc(0);
      if (event.batch === null) {
        const kept = keptBytes(event);
        const what = `${workflowId} keeps ${kept.length} bytes starting ${kept.subarray(0, 8).toString('hex')}; sent ${sent.length} starting ${sent.subarray(0, 8).toString('hex')}`;
        expect(kept.equals(sent), what).toBe(true);
      }
    }
  });
});
