/**
 * The ingress path against a real Temporal dev server: verify, start exactly once, answer.
 * No worker runs here: what is proven is what Temporal accepted, not what handlers did.
 */
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { createReceiverApp } from '../../src/receiver/app';
import { verifyPodiumSignature } from '../../src/signature/verify-podium-signature';
import { createEventStarter } from '../../src/receiver/start-event';
import { signPodiumDelivery, signSeedDelivery } from '../../src/signature/sign-podium-delivery';
import { eventWorkflowId, type ReceivedEvent } from '../../workflows/shared';
import { deliver } from '../support/deliver';
import { podiumBody, podiumEvent } from '../support/podium-events';
import { testConfig, TEST_SECRET, withReceiver, useHarness } from '../support/temporal';

const harness = useHarness();

/** How many executions (open or closed) exist for this workflow id. */
async function executionCount(workflowId: string): Promise<number> {
  let count = 0;
  for await (const _ of harness().client.workflow.list({ query: `WorkflowId = '${workflowId}'` }))
    count += 1;
  return count;
}

/** The event workflow's input payload as Temporal keeps it in the workflow's history. */
async function startedPayload(eventId: string): Promise<Buffer> {
  const handle = harness().client.workflow.getHandle(eventWorkflowId(eventId));
  const history = await handle.fetchHistory();
  const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
  const payload = started?.input?.payloads?.[0]?.data;
  if (!payload) throw new Error('no input on the started event');
  return Buffer.from(payload);
}

async function startedInput(eventId: string): Promise<ReceivedEvent> {
  return JSON.parse((await startedPayload(eventId)).toString('utf8')) as ReceivedEvent;
}

async function expectNoWorkflow(eventId: string) {
  await expect(
    harness().client.workflow.getHandle(eventWorkflowId(eventId)).describe(),
  ).rejects.toBeInstanceOf(WorkflowNotFoundError);
}

describe('a valid delivery', () => {
  it('is accepted once, its workflow keeps the raw body and headers, and a redelivery is a duplicate', async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('message.received', { eventUid: eventId }));
    await withReceiver(harness().client, config, async ({ url }) => {
      const first = await deliver(url, body);
      expect(first).toEqual({
        status: 200,
        body: { status: 'accepted', eventId, workflowId: eventWorkflowId(eventId) },
      });
      const input = await startedInput(eventId);
      expect(input.body).toBe(body);
      expect(input.eventType).toBe('message.received');
      expect(Object.keys(input.signatureHeaders).sort()).toEqual([
        'podium-signature',
        'podium-timestamp',
      ]);

      // Podium's retry, minutes later: fresh timestamp, fresh signature, same event.
      const again = await deliver(url, body, { timestampMs: Date.now() + 60_000 });
      expect(again).toEqual({
        status: 200,
        body: { status: 'duplicate', eventId, workflowId: eventWorkflowId(eventId) },
      });
      expect(await executionCount(eventWorkflowId(eventId))).toBe(1);
    });
  });

  it('answers exactly one of 25 concurrent deliveries of one new event as accepted', async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('contact.created', { eventUid: eventId }));
    await withReceiver(harness().client, config, async ({ url }) => {
      const answers = await Promise.all(Array.from({ length: 25 }, () => deliver(url, body)));
      const statuses = answers.map((answer) => `${answer.status} ${String(answer.body.status)}`);
      expect(statuses.filter((s) => s === '200 accepted')).toHaveLength(1);
      expect(statuses.filter((s) => s === '200 duplicate')).toHaveLength(24);
      expect(await executionCount(eventWorkflowId(eventId))).toBe(1);
    });
  });

  it('verifies with the second of two rotated secrets', async () => {
    const config = testConfig({ PODIUM_WEBHOOK_SECRET: `old-secret, ${TEST_SECRET}` });
    const eventId = randomUUID();
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(
        url,
        podiumBody(podiumEvent('review.created', { eventUid: eventId })),
        {
          secret: TEST_SECRET,
        },
      );
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('accepted');
    });
  });

  it('accepts a timestamp in seconds as well as milliseconds', async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('invoice.created', { eventUid: eventId }));
    const seconds = String(Math.floor(Date.now() / 1000));
    const signature = createHmac('sha256', TEST_SECRET).update(`${seconds}.${body}`).digest('hex');
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body, {
        headers: { 'podium-timestamp': seconds, 'podium-signature': signature },
      });
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', eventId } });
    });
  });

  it("accepts the seeds' X-Podium-Signature: t=…,v1=… variant", async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('call.completed', { eventUid: eventId }));
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body, {
        headers: signSeedDelivery(body, TEST_SECRET, Math.floor(Date.now() / 1000)),
      });
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', eventId } });
    });
  });

  it('gives an event without an id a stable id from its body, so its retry is a duplicate', async () => {
    const config = testConfig();
    const event = podiumEvent('message.sent');
    delete event.metadata.eventUid;
    const body = podiumBody(event);
    await withReceiver(harness().client, config, async ({ url }) => {
      const first = await deliver(url, body);
      const second = await deliver(url, body);
      expect(first.body.status).toBe('accepted');
      expect(String(first.body.eventId)).toMatch(/^sha256-[0-9a-f]{64}$/);
      expect(second.body).toEqual({ ...first.body, status: 'duplicate' });
    });
  });

  it('starts each event of a batch, in resource-time order', async () => {
    const config = testConfig();
    const contactUid = randomUUID();
    const created = podiumEvent('contact.created', {
      uid: contactUid,
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:00:00.000Z',
    });
    const updated = podiumEvent('contact.updated', {
      uid: contactUid,
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-01T10:05:00.000Z',
    });
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, JSON.stringify([updated, created]));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        status: 'accepted',
        events: [created, updated].map((event) => ({
          status: 'accepted',
          eventId: event.metadata.eventUid,
          workflowId: eventWorkflowId(String(event.metadata.eventUid)),
        })),
      });
      const kept = await startedInput(String(updated.metadata.eventUid));
      expect(kept.batch?.index).toBe(0);
      expect(JSON.parse(kept.body)).toEqual(updated);
    });
  });
});

describe('an authentic delivery that cannot be understood', () => {
  it.each([
    ['not JSON', (nonce: string) => `this is not json { ${nonce}`, 'body is not JSON'],
    [
      'JSON without an event type',
      (nonce: string) => JSON.stringify({ data: { nonce }, metadata: {} }),
      'no event type (metadata.eventType)',
    ],
    [
      // It was read as no events: nothing kept, and answered "duplicate".
      'an empty batch',
      // Only whitespace can tell one empty array from another: its id is the body's hash.
      () => `[${' '.repeat(1 + Math.floor(Math.random() * 100_000))}]`,
      'empty batch: the JSON array holds no events',
    ],
  ])('is answered 200 and kept as malformed when it is %s', async (_name, makeBody, reason) => {
    const config = testConfig();
    const body = makeBody(randomUUID());
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body);
      expect(answer.status).toBe(200);
      expect(answer.body.status).toBe('accepted');
      const input = await startedInput(String(answer.body.eventId));
      expect(input.malformedReason).toBe(reason);
      expect(input.body).toBe(body);
    });
  });

  it('keeps a body that is not UTF-8 byte for byte', async () => {
    const config = testConfig();
    const bytes = Buffer.concat([Buffer.from(randomUUID()), Buffer.from([0xff, 0xfe, 0x00, 0xc3])]);
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, bytes);
      expect(answer.status).toBe(200);
      const input = await startedInput(String(answer.body.eventId));
      expect(input.bodyEncoding).toBe('base64');
      expect(Buffer.from(input.body, 'base64').equals(bytes)).toBe(true);
    });
  });
});

describe('an authentic delivery at the limits of what Temporal holds', () => {
  /** A message.received body of about `size` bytes whose text is `fill` repeated. */
  const bodyOf = (eventUid: string, fill: string, size: number) => {
    const body = podiumBody(podiumEvent('message.received', { eventUid, data: { body: '' } }));
    return body.replace('"body":""', `"body":"${fill.repeat(Math.floor(size / fill.length))}"`);
  };

  it('keeps an event type that is no name (5,000 characters) as malformed, not refused', async () => {
    // Temporal refuses a search-attribute value over 2 KiB: the start failed on every retry.
    const config = testConfig();
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('x'.repeat(5000), { eventUid: eventId }));
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body);
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', eventId } });
      const input = await startedInput(eventId);
      expect(input.eventType).toBeNull();
      expect(input.malformedReason).toMatch(/^event type is not a name/);
      expect(input.body).toBe(body);
    });
  });

  it('keeps a 1.4 MiB body of escaped quotes, which would double as JSON text, as base64', async () => {
    // As a JSON string each \" becomes \\\": 2.8 MiB, over Temporal's 2 MiB payload limit.
    const config = testConfig({ MAX_BODY_BYTES: '1500000' });
    const eventId = randomUUID();
    const body = bodyOf(eventId, '\\"', 1_450_000);
    expect(Buffer.byteLength(JSON.stringify(body))).toBeGreaterThan(2.5 * 1024 * 1024);
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body);
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', eventId } });
      const input = await startedInput(eventId);
      expect(input.bodyEncoding).toBe('base64');
      expect(Buffer.from(input.body, 'base64').equals(Buffer.from(body))).toBe(true);
      expect(input.malformedReason).toBeNull();
      expect(input.eventType).toBe('message.received');
    });
  });

  it('keeps a 1 MiB body of control characters, sixfold as JSON text, byte for byte', async () => {
    const config = testConfig();
    const bytes = Buffer.concat([Buffer.from(randomUUID()), Buffer.alloc(1024 * 1024 - 512, 1)]);
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, bytes);
      expect(answer.status).toBe(200);
      const input = await startedInput(String(answer.body.eventId));
      expect(input.malformedReason).toBe('body is not JSON');
      expect(input.bodyEncoding).toBe('base64');
      expect(Buffer.from(input.body, 'base64').equals(bytes)).toBe(true);
    });
  });

  it('keeps a batch element whose copy of the delivery would not fit, with the delivery hash', async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const element = bodyOf(eventId, '\\"', 600 * 1024);
    const delivery = `[${element}]`;
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, delivery);
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
      const input = await startedInput(eventId);
      expect(input.batch).toEqual({
        index: 0,
        deliveryBody: null,
        deliveryBodySha256: createHash('sha256').update(delivery).digest('hex'),
      });
      const kept = Buffer.from(input.body, input.bodyEncoding === 'base64' ? 'base64' : 'utf8');
      expect(JSON.parse(kept.toString('utf8'))).toEqual(JSON.parse(element));
    });
  });
});

describe('a delivery that is not authentic', () => {
  const valid = () => {
    const eventId = randomUUID();
    const body = podiumBody(podiumEvent('message.received', { eventUid: eventId }));
    return { eventId, body, headers: signPodiumDelivery(body, TEST_SECRET, Date.now()) };
  };
  const cases: Array<
    [string, () => { eventId: string; body: string; headers: Record<string, string> }, string]
  > = [
    [
      'a tampered byte',
      () => {
        const d = valid();
        return { ...d, body: d.body.replace('message.received', 'message.receivee') };
      },
      'signature_mismatch',
    ],
    [
      'JSON re-serialised with other whitespace',
      () => {
        const d = valid();
        return { ...d, body: JSON.stringify(JSON.parse(d.body), null, 2) };
      },
      'signature_mismatch',
    ],
    [
      'the wrong secret',
      () => {
        const d = valid();
        return { ...d, headers: signPodiumDelivery(d.body, 'not-the-secret', Date.now()) };
      },
      'signature_mismatch',
    ],
    [
      'no signature header',
      () => {
        const d = valid();
        return { ...d, headers: { 'podium-timestamp': d.headers['podium-timestamp'] } };
      },
      'missing_signature',
    ],
    [
      'no timestamp header',
      () => {
        const d = valid();
        return { ...d, headers: { 'podium-signature': d.headers['podium-signature'] } };
      },
      'missing_timestamp',
    ],
    [
      'a timestamp six minutes old',
      () => {
        const d = valid();
        return { ...d, headers: signPodiumDelivery(d.body, TEST_SECRET, Date.now() - 6 * 60_000) };
      },
      'timestamp_too_old',
    ],
    [
      'a timestamp six minutes in the future',
      () => {
        const d = valid();
        return { ...d, headers: signPodiumDelivery(d.body, TEST_SECRET, Date.now() + 6 * 60_000) };
      },
      'timestamp_too_new',
    ],
    [
      'a garbage timestamp',
      () => {
        const d = valid();
        return { ...d, headers: { ...d.headers, 'podium-timestamp': 'yesterday' } };
      },
      'invalid_timestamp',
    ],
    [
      'a non-hex signature',
      () => {
        const d = valid();
        return { ...d, headers: { ...d.headers, 'podium-signature': 'z'.repeat(64) } };
      },
      'malformed_signature',
    ],
    [
      'a signature of the wrong length',
      () => {
        const d = valid();
        return {
          ...d,
          headers: { ...d.headers, 'podium-signature': d.headers['podium-signature'].slice(0, 40) },
        };
      },
      'malformed_signature',
    ],
  ];

  it.each(cases)('with %s is answered 401, starts nothing', async (_name, make, reason) => {
    const config = testConfig();
    const { eventId, body, headers } = make();
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body, { headers });
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe(reason);
      await expectNoWorkflow(eventId);
    });
  });

  it('over the body limit is answered 413 and starts nothing', async () => {
    const config = testConfig({ MAX_BODY_BYTES: '2048' });
    const eventId = randomUUID();
    const body = podiumBody(
      podiumEvent('message.received', { eventUid: eventId, data: { body: 'x'.repeat(4096) } }),
    );
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body);
      expect(answer.status).toBe(413);
      await expectNoWorkflow(eventId);
    });
  });
});

describe('when Temporal is unreachable', () => {
  it('answers 503 so Podium keeps the event, and /readyz is not ready', async () => {
    const config = testConfig();
    // A lazily connecting client to a port nothing listens on.
    const connection = Connection.lazy({ address: '127.0.0.1:1' });
    const client = new Client({ connection });
    const app = createReceiverApp({
      secrets: [TEST_SECRET],
      toleranceMs: 300_000,
      maxBodyBytes: 1024 * 1024,
      starter: createEventStarter(client, config.temporal.taskQueue, 1000),
      checkTemporal: async () => {
        await connection.withDeadline(Date.now() + 500, () =>
          connection.workflowService.getSystemInfo({}),
        );
      },
      logger: createLogger('silent'),
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const address = server.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const answer = await deliver(url, podiumBody(podiumEvent('message.received')));
      expect(answer.status).toBe(503);
      expect(answer.body.error).toBe('temporarily_unavailable');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(503);
      const healthy = await fetch(`${url}/healthz`);
      expect(healthy.status).toBe(200);
    } finally {
      server.close();
      await connection.close();
    }
  });

  it('reports ready when Temporal answers', async () => {
    await withReceiver(harness().client, testConfig(), async ({ url }) => {
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready' });
    });
  });
});

describe('an authentic delivery nested deeper than JSON.stringify recurses (issue 12, finding 1)', () => {
  // Found by fuzzing: a signed array ~4,100 levels deep made JSON.stringify of its batch element
  // throw RangeError, answered 503 on every retry: Podium would pause the webhook, then drop it.
  const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  /** A valid message.received whose data carries `nested` as an extra field. */
  const eventWith = (eventUid: string, nested: string) =>
    podiumBody(podiumEvent('message.received', { eventUid })).replace(
      /}}$/,
      `,"nested":${nested}}}`,
    );

  it.each([4_100, 200_000])(
    'keeps an array %i levels deep as a malformed event, answered 200',
    async (depth) => {
      const config = testConfig();
      const body = `${'['.repeat(depth)}"${randomUUID()}"${']'.repeat(depth)}`;
      await withReceiver(harness().client, config, async ({ url }) => {
        const answer = await deliver(url, `[${body}]`);
        expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
        const [started] = answer.body.events as { eventId: string }[];
        const input = await startedInput(started!.eventId);
        expect(input.malformedReason).toBe('body is not a JSON object');
        expect(input.body).toBe(body);
      });
    },
  );

  it('accepts an event whose data holds an object 150,000 levels deep, byte for byte', async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const body = eventWith(eventId, deepObject(150_000));
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, body);
      expect(answer).toEqual({
        status: 200,
        body: { status: 'accepted', eventId, workflowId: eventWorkflowId(eventId) },
      });
      const input = await startedInput(eventId);
      expect(input.malformedReason).toBeNull();
      expect(input.body).toBe(body);
    });
  });

  it('keeps every event of a batch whose second element is nested 200,000 levels deep', async () => {
    const config = testConfig();
    const [plainId, deepId] = [randomUUID(), randomUUID()];
    const plain = podiumBody(podiumEvent('message.received', { eventUid: plainId }));
    const deep = eventWith(deepId, deepArray(200_000));
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, `[${plain},${deep}]`);
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
      expect((answer.body.events as { eventId: string }[]).map((e) => e.eventId)).toEqual([
        plainId,
        deepId,
      ]);
      expect((await startedInput(plainId)).body).toBe(plain);
      const kept = await startedInput(deepId);
      expect(kept.malformedReason).toBeNull();
      expect(kept.body).toBe(deep);
    });
  });
});

describe('a signed body that starts with a UTF-8 byte-order mark (issue 12, finding 2)', () => {
  // TextDecoder strips a leading BOM by default: the event kept, handed to handlers and
  // forwarded was three bytes shorter than what Podium signed.
  it('is read as its event and kept with every byte it was signed with', async () => {
    const config = testConfig();
    const eventId = randomUUID();
    const signed = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(podiumBody(podiumEvent('message.received', { eventUid: eventId }))),
    ]);
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, signed);
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted', eventId } });
      const input = await startedInput(eventId);
      expect(input.malformedReason).toBeNull();
      expect(input.eventType).toBe('message.received');
      const kept = Buffer.from(input.body, input.bodyEncoding === 'base64' ? 'base64' : 'utf8');
      expect(kept.equals(signed)).toBe(true);
    });
  });
});

describe('a batch delivery, kept once (issue 12, finding 5)', () => {
  // Every element kept a copy of the whole delivery: a 403 KB batch of 31 events became
  // ~12.5 MB of workflow history.
  it('costs about one delivery of history for 31 events, and can still be verified', async () => {
    const config = testConfig();
    const events = Array.from({ length: 31 }, (_, i) =>
      podiumEvent('message.received', {
        createdAt: new Date(Date.UTC(2026, 0, 1, 10, i)).toISOString(),
        data: { body: `${i} `.repeat(6_500) },
      }),
    );
    const delivery = JSON.stringify(events);
    expect(delivery.length).toBeGreaterThan(400_000);
    await withReceiver(harness().client, config, async ({ url }) => {
      const answer = await deliver(url, delivery);
      expect(answer).toMatchObject({ status: 200, body: { status: 'accepted' } });
      const ids = events.map((event) => String(event.metadata.eventUid));
      const payloads = await Promise.all(ids.map(startedPayload));
      const historyBytes = payloads.reduce((sum, payload) => sum + payload.length, 0);
      // Each element's own bytes once, the delivery once more: about twice the delivery.
      expect(historyBytes).toBeLessThan(2.5 * delivery.length);

      const inputs = payloads.map((p) => JSON.parse(p.toString('utf8')) as ReceivedEvent);
      const sha256 = createHash('sha256').update(delivery).digest('hex');
      expect(inputs.map((input) => input.batch?.index)).toEqual(ids.map((_, i) => i));
      expect(inputs.every((input) => input.batch?.deliveryBodySha256 === sha256)).toBe(true);
      expect(inputs.map((input, i) => input.body === JSON.stringify(events[i]))).not.toContain(
        false,
      );
      const keepers = inputs.filter((input) => input.batch?.deliveryBody !== null);
      expect(keepers.map((input) => input.batch?.index)).toEqual([0]);
      // The one copy still verifies against the signature headers it came with.
      const [keeper] = keepers;
      expect(() =>
        verifyPodiumSignature(Buffer.from(keeper!.batch!.deliveryBody!), keeper!.signatureHeaders, {
          secrets: [TEST_SECRET],
          toleranceMs: 300_000,
        }),
      ).not.toThrow();
    });
  });
});
