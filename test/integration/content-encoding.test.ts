/**
 * Finding (issue 12, defect 6): `express.raw` inflated gzip and deflate bodies and the HMAC was
 * computed over the inflated bytes, so the receiver accepted bytes that were not the ones
 * signed and sent. It now verifies the bytes exactly as received and refuses any
 * content-encoding (Podium sends none) with 415, starting nothing.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import { eventWorkflowId } from '../../workflows/shared';
import { deliver } from '../support/deliver';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { testConfig, TEST_SECRET, useHarness, withReceiver } from '../support/temporal';

const harness = useHarness();

async function expectNoWorkflow(eventId: string) {
  await expect(
    harness().client.workflow.getHandle(eventWorkflowId(eventId)).describe(),
  ).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('a delivery with a content-encoding', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
  ])(
    'is not accepted when sent %s and signed over its inflated bytes',
    async (encoding, compress) => {
      const eventId = randomUUID();
      const body = podiumBody(podiumEvent('message.received', { eventUid: eventId }));
      const headers = {
        ...signPodiumDelivery(body, TEST_SECRET, Date.now()),
        'content-encoding': encoding,
      };
      await withReceiver(harness().client, testConfig(), async ({ url }) => {
        const answer = await deliver(url, compress(Buffer.from(body)), { headers });
        expect(answer.status).toBe(415);
        await expectNoWorkflow(eventId);
      });
    },
  );

  it('is answered 415 with a JSON error naming the encoding, even when signed as sent', async () => {
    const eventId = randomUUID();
    const sent = gzipSync(
      Buffer.from(podiumBody(podiumEvent('contact.created', { eventUid: eventId }))),
    );
    const headers = {
      ...signPodiumDelivery(sent, TEST_SECRET, Date.now()),
      'content-encoding': 'GZip',
    };
    await withReceiver(harness().client, testConfig(), async ({ url }) => {
      const answer = await deliver(url, sent, { headers });
      expect(answer).toEqual({
        status: 415,
        body: {
          error: 'unsupported_content_encoding',
          message: 'content-encoding "gzip" is not accepted: send the body as signed, unencoded',
        },
      });
      await expectNoWorkflow(eventId);
    });
  });

  it('is accepted as usual with content-encoding: identity', async () => {
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('review.created', { eventUid: eventId }));
    const headers = {
      ...signPodiumDelivery(body, TEST_SECRET, Date.now()),
      'content-encoding': 'identity',
    };
    await withReceiver(harness().client, testConfig(), async ({ url }) => {
      const answer = await deliver(url, body, { headers });
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', eventId } });
    });
  });
});
