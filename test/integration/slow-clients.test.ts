/**
 * Finding (issue 12, defect 4): the HTTP server set only `keepAliveTimeout`, so a body sent one
 * byte a second held its socket for Node's default 300 s, and 150 half-sent 1 MiB bodies took
 * the receiver from 81 to 221 MB. Headers and whole requests now have a deadline
 * (HTTP_HEADERS_TIMEOUT, HTTP_REQUEST_TIMEOUT) and bodies in flight a bound
 * (HTTP_MAX_BODIES_IN_FLIGHT); short values here, the defaults are sized against Podium's 5 s.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { listenReceiver } from '../../src/receiver/listen';
import { deliver, type DeliveryAnswer } from '../support/deliver';
import { captureLog } from '../support/log-lines';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { slowClient, type SlowClientResult } from '../support/slow-client';
import { testConfig, useHarness } from '../support/temporal';

const harness = useHarness();

const slowHeaders = (url: string) =>
  slowClient(url, {
    head: 'POST /webhooks/podium HTTP/1.1\r\nHost: receiver\r\n',
    trickle: 'x-slow: still-coming',
    everyMs: 100,
    giveUpAfterMs: 20_000,
  });

const slowBody = (url: string) =>
  slowClient(url, {
    head: Buffer.concat([
      Buffer.from(
        'POST /webhooks/podium HTTP/1.1\r\nHost: receiver\r\ncontent-type: application/json\r\n' +
          `content-length: ${1024 * 1024}\r\n\r\n`,
      ),
      Buffer.alloc(512 * 1024, 0x20),
    ]),
    trickle: ' ',
    everyMs: 100,
    giveUpAfterMs: 20_000,
  });

/** Sends signed deliveries one after another, as Podium does, until `until` settles. */
async function deliverMeanwhile(url: string, until: Promise<unknown>): Promise<DeliveryAnswer[]> {
  let settled = false;
  void until.finally(() => (settled = true));
  const answers: DeliveryAnswer[] = [];
  while (!settled || answers.length < 3) {
    const eventId = randomUUID();
    answers.push(
      await deliver(url, podiumBody(podiumEvent('message.received', { eventUid: eventId }))),
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return answers;
}

const expectDroppedWith408 = (result: SlowClientResult) => {
  expect(result.droppedByServer).toBe(true);
  expect(result.answer).toMatch(/^HTTP\/1\.1 408 /);
};

describe('slow clients', () => {
  it('are dropped within the bound while signed deliveries keep being answered 200', async () => {
    const config = testConfig({ HTTP_HEADERS_TIMEOUT: '1s', HTTP_REQUEST_TIMEOUT: '2s' });
    const log = captureLog();
    const receiver = await listenReceiver(config, harness().client, log.logger);
    try {
      const { url } = receiver;
      const slow = Promise.all([
        ...Array.from({ length: 5 }, () => slowHeaders(url)),
        ...Array.from({ length: 5 }, () => slowBody(url)),
      ]);
      const answers = await deliverMeanwhile(url, slow);
      const results = await slow;
      for (const result of results) expectDroppedWith408(result);
      // Each would have trickled for 20 s (200 bytes); dropped after about its bound instead.
      expect(Math.max(...results.map((result) => result.trickled))).toBeLessThan(50);
      expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    } finally {
      await receiver.close();
    }
    // Visible to the operator as rejections, counted like forged deliveries.
    expect(log.lines.find((line) => line.msg === 'rejected deliveries')?.counts).toEqual({
      request_timeout: 10,
    });
  });

  it('beyond HTTP_MAX_BODIES_IN_FLIGHT drop the body arriving longest, so a signed delivery is still answered 200', async () => {
    // Found by `npm run fuzz`: refusing the newcomer (503) let slow senders holding every slot
    // turn away each signed delivery until their timeouts ran out.
    const config = testConfig({
      HTTP_HEADERS_TIMEOUT: '1s',
      HTTP_REQUEST_TIMEOUT: '5s',
      HTTP_MAX_BODIES_IN_FLIGHT: '2',
    });
    const log = captureLog();
    const receiver = await listenReceiver(config, harness().client, log.logger);
    try {
      const slow = [slowBody(receiver.url), slowBody(receiver.url)];
      // Let both slow bodies start arriving: every slot is held.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const signed = await deliver(receiver.url, podiumBody(podiumEvent('contact.created')));
      expect(signed.status).toBe(200);
      const [first, second] = await Promise.all(slow);
      // The first slow body made room for the delivery at once; the second ran into its deadline.
      expect(first!.droppedByServer).toBe(true);
      expect(first!.trickled).toBeLessThan(20);
      expectDroppedWith408(second!);
    } finally {
      await receiver.close();
    }
    const rejected = log.lines.filter((line) => line.msg === 'rejected delivery');
    expect(rejected.map((line) => line.reason)).toContain('too_many_bodies_in_flight');
  });
});
