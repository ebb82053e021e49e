/**
 * Handlers as activities, parking, operator retry and discard, and forwarding — all against a
 * real Temporal dev server with a real worker.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardToUrl } from '../../activities/handlers/forward-to-url';
import { HandlerRegistry, PermanentHandlerError } from '../../activities/handler-registry';
import { readDeliveries } from '../../src/receiver/read-deliveries';
import { eventQuery, quoteSearchValue } from '../../src/temporal/visibility-query';
import { discardSignal, entityWorkflowId, retrySignal } from '../../workflows/shared';
import proto from '@temporalio/proto';
import { listEventIds, receivedEvent, startEvent, waitForStatus } from '../support/events';
import { podiumEvent } from '../support/podium-events';
import { startSink, type Sink } from '../support/sink';
import { testConfig, useHarness, withWorker } from '../support/temporal';

const harness = useHarness();
const EventType = proto.temporal.api.enums.v1.EventType;
let sink: Sink;
beforeAll(async () => {
  sink = await startSink();
});
afterAll(async () => {
  await sink.close();
});

const forwardSecret = `whsec_${randomBytes(32).toString('base64')}`;

describe('a handler', () => {
  it('that fails twice and then succeeds completes the event, having run three times', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '5' });
    let runs = 0;
    const registry = new HandlerRegistry().on('contact.created', 'flaky', async () => {
      runs += 1;
      if (runs < 3) throw new Error(`downstream hiccup ${runs}`);
      return Promise.resolve('third time lucky');
    });
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(
        harness().client,
        config,
        receivedEvent(podiumEvent('contact.created')),
      );
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(runs).toBe(3);
      expect(outcome.view.handlers).toEqual([
        { name: 'flaky', state: 'succeeded', runs: 1, attempts: 3, lastError: null },
      ]);
      // Both failed attempts are on the event's record, with their errors.
      expect(outcome.view.attemptHistory.map((a) => [a.attempt, a.detail])).toEqual([
        [1, 'downstream hiccup 1'],
        [2, 'downstream hiccup 2'],
      ]);
    });
  });

  it('runs its first attempt inline (a local activity), and its retries as an activity after the first interval', async () => {
    const config = testConfig({
      HANDLER_MAX_ATTEMPTS: '4',
      HANDLER_RETRY_INITIAL_INTERVAL: '300ms',
    });
    const attempts: number[] = [];
    const registry = new HandlerRegistry().onAny('flaky', async ({ attempt }) => {
      attempts.push(attempt);
      if (attempts.length < 3) throw new Error(`downstream hiccup ${attempts.length}`);
      return Promise.resolve();
    });
    const created = receivedEvent(podiumEvent('contact.created'));
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, created);
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(outcome.view.handlers[0]).toMatchObject({ state: 'succeeded', attempts: 3 });
      const entity = harness().client.workflow.getHandle(
        entityWorkflowId(outcome.view.orderingKey!),
      );
      const events = (await entity.fetchHistory()).events ?? [];
      const kinds = events.map((event) => event.eventType);
      const count = (type: proto.temporal.api.enums.v1.EventType) =>
        kinds.filter((kind) => kind === type).length;
      // One inline attempt, the first interval waited, then one activity for the retries.
      expect(count(EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(1);
      const timer = events.find((event) => event.timerStartedEventAttributes)
        ?.timerStartedEventAttributes?.startToFireTimeout;
      expect(Number(timer?.nanos ?? 0) / 1e6 + Number(timer?.seconds ?? 0) * 1000).toBe(300);
      expect(count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(1);
    });
    // The handler counts its attempts across both: 1 inline, then 2 and 3 in the activity.
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("registered with firstAttempt: 'activity' runs every attempt as an activity (holding no workflow-task slot)", async () => {
    const config = testConfig();
    const registry = new HandlerRegistry().onAny('slow', async () => Promise.resolve(), {
      firstAttempt: 'activity',
    });
    await withWorker(harness(), config, { registry }, async () => {
      const created = receivedEvent(podiumEvent('contact.created'));
      const outcome = await (await startEvent(harness().client, config, created)).result();
      expect(outcome.status).toBe('done');
      const events =
        (
          await harness()
            .client.workflow.getHandle(entityWorkflowId(outcome.view.orderingKey!))
            .fetchHistory()
        ).events ?? [];
      const count = (type: proto.temporal.api.enums.v1.EventType) =>
        events.filter((event) => event.eventType === type).length;
      expect(count(EventType.EVENT_TYPE_MARKER_RECORDED)).toBe(0);
      expect(count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)).toBe(1);
    });
  });

  it('that fails permanently parks the event after one attempt', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '5' });
    let runs = 0;
    const registry = new HandlerRegistry().onAny('strict', async () => {
      runs += 1;
      return Promise.reject(new PermanentHandlerError('this can never be valid'));
    });
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(
        harness().client,
        config,
        receivedEvent(podiumEvent('review.created')),
      );
      const view = await waitForStatus(handle, 'parked');
      expect(runs).toBe(1);
      expect(view.parkedReason).toBe(
        'handler strict failed after 1 attempt(s): this can never be valid',
      );
    });
  });

  it('that succeeded before a later handler parked is not run again by retry', async () => {
    const config = testConfig({ HANDLER_MAX_ATTEMPTS: '2' });
    let firstRuns = 0;
    let secondRuns = 0;
    let secondHealthy = false;
    const registry = new HandlerRegistry()
      .on('invoice.created', 'first', async () => {
        firstRuns += 1;
        return Promise.resolve();
      })
      .on('invoice.created', 'second', async () => {
        secondRuns += 1;
        if (!secondHealthy) throw new Error('second is down');
        return Promise.resolve();
      });
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(
        harness().client,
        config,
        receivedEvent(podiumEvent('invoice.created')),
      );
      const parked = await waitForStatus(handle, 'parked');
      expect(parked.handlers.map((h) => h.state)).toEqual(['succeeded', 'failed']);
      secondHealthy = true;
      await handle.signal(retrySignal, { reason: 'second is back' });
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(firstRuns).toBe(1);
      expect(secondRuns).toBe(3);
      expect(outcome.view.operatorActions).toMatchObject([
        { action: 'retry', reason: 'second is back', applied: true },
      ]);
    });
  });
});

describe('forwarding', () => {
  /** A message.received event, forwarded to the sink, and the sink's requests for it. */
  function forwardingCase(env: Record<string, string> = {}) {
    const config = testConfig({ FORWARD_URL: sink.url, FORWARD_SECRET: forwardSecret, ...env });
    const registry = new HandlerRegistry().onAny('forwardToUrl', forwardToUrl(config.forwarding!));
    const event = receivedEvent(podiumEvent('message.received'));
    const requestsFor = () =>
      sink.requests.filter((r) => r.headers['webhook-id'] === event.eventId);
    return { config, registry, event, requestsFor };
  }

  it('delivers a Standard Webhooks request that verifies independently, body byte for byte', async () => {
    const { config, registry, event, requestsFor } = forwardingCase();
    sink.answerWith(200);
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      expect((await handle.result()).status).toBe('done');
    });
    const [request] = requestsFor();
    expect(request).toBeDefined();
    expect(request!.body.toString('utf8')).toBe(event.body);
    const verified = new Webhook(forwardSecret).verify(request!.body, {
      'webhook-id': String(request!.headers['webhook-id']),
      'webhook-timestamp': String(request!.headers['webhook-timestamp']),
      'webhook-signature': String(request!.headers['webhook-signature']),
    });
    expect(verified).toEqual(JSON.parse(event.body));
  });

  it('parks an event whose target keeps answering 500, findable by status, then retry delivers it once', async () => {
    const {
      config,
      registry,
      event,
      requestsFor: toThisEvent,
    } = forwardingCase({ HANDLER_MAX_ATTEMPTS: '3' });
    sink.answerWith(500);
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      const parked = await waitForStatus(handle, 'parked');
      expect(toThisEvent()).toHaveLength(3);
      expect(parked.lastError).toMatch(/^forwardToUrl: POST .* → 500 in \d+ ms: sink says 500$/);
      expect(parked.attemptHistory).toHaveLength(3);
      const query = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumEventStatus = 'parked'`;
      await expect
        .poll(() => listEventIds(harness().client, query), { timeout: 15_000 })
        .toEqual([handle.workflowId]);

      sink.answerWith(200);
      await handle.signal(retrySignal, { reason: 'target fixed' });
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      expect(toThisEvent()).toHaveLength(4);
      const done = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumEventStatus = 'done'`;
      await expect
        .poll(() => listEventIds(harness().client, done), { timeout: 15_000 })
        .toEqual([handle.workflowId]);
    });
  });

  it('parks after one attempt when the target answers 400, and discard closes the event', async () => {
    const { config, registry, event, requestsFor } = forwardingCase({ HANDLER_MAX_ATTEMPTS: '5' });
    sink.answerWith(400);
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event);
      const parked = await waitForStatus(handle, 'parked');
      expect(requestsFor()).toHaveLength(1);
      expect(parked.handlers[0]).toMatchObject({ state: 'failed', attempts: 1 });
      await handle.signal(discardSignal, { reason: 'test data' });
      const outcome = await handle.result();
      expect(outcome.status).toBe('discarded');
      expect(outcome.view.operatorActions).toMatchObject([
        { action: 'discard', reason: 'test data', applied: true },
      ]);
    });
    sink.answerWith(200);
  });
});

describe('an event nobody can handle', () => {
  it('is parked with its reason when no handler is registered for its type', async () => {
    const config = testConfig();
    const registry = new HandlerRegistry().on('contact.created', 'contactsOnly', async () =>
      Promise.resolve(),
    );
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(
        harness().client,
        config,
        receivedEvent(podiumEvent('review.updated')),
      );
      const view = await waitForStatus(handle, 'parked');
      expect(view.parkedReason).toBe('no handler is registered for review.updated');
    });
  });

  it('is parked with its reason when it was malformed, and keeps its raw body', async () => {
    const config = testConfig();
    const event = receivedEvent(podiumEvent('message.received'), {
      eventId: randomUUID(),
      eventType: null,
      body: 'not json at all',
      malformedReason: 'body is not JSON',
    });
    await withWorker(harness(), config, {}, async () => {
      const handle = await startEvent(harness().client, config, event);
      const view = await waitForStatus(handle, 'parked');
      expect(view.parkedReason).toBe('malformed: body is not JSON');
      const query = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumEventStatus = 'parked' AND PodiumEventType = 'malformed'`;
      await expect
        .poll(() => listEventIds(harness().client, query), { timeout: 15_000 })
        .toEqual([handle.workflowId]);
    });
  });

  it('is parked when its data fails validation, naming what is wrong', async () => {
    const config = testConfig();
    const envelope = podiumEvent('contact.updated');
    envelope.data = { before: null, after: null };
    await withWorker(harness(), config, {}, async () => {
      const handle = await startEvent(harness().client, config, receivedEvent(envelope));
      const view = await waitForStatus(handle, 'parked');
      expect(view.parkedReason).toMatch(/^malformed: /);
    });
  });
});

describe('an authentic event at the limits of what Temporal holds', () => {
  it('kept as base64 for its size, runs its handler with the exact bytes Podium signed', async () => {
    const config = testConfig();
    const envelope = podiumEvent('message.received');
    // Quotes double as escaped JSON text: over the payload limit, so the receiver keeps base64.
    const raw = Buffer.from(
      JSON.stringify(envelope).replace(/}$/, `,"note":"${'\\"'.repeat(600_000)}"}`),
    );
    const [event] = readDeliveries(raw, {
      signatureHeaders: {},
      signedAt: new Date(),
      receivedAt: new Date(),
    });
    expect(event!.bodyEncoding).toBe('base64');
    const seen: { rawBody: Buffer; eventType: string }[] = [];
    const registry = new HandlerRegistry().onAny('capture', async ({ rawBody, event }) => {
      seen.push({ rawBody, eventType: event.eventType });
    });
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event!);
      expect((await handle.result()).status).toBe('done');
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.eventType).toBe('message.received');
    expect(seen[0]!.rawBody.equals(raw)).toBe(true);
  });

  it('whose entity id is 5,000 characters is ordered under its hash, and runs', async () => {
    // The id is part of the entity's workflow id (at most 1,000 characters) and of a search
    // attribute (at most 2 KiB): used as it is, the turn request and the upsert failed for good.
    const config = testConfig();
    const uid = `contact-${'x'.repeat(5000)}`;
    const event = receivedEvent(podiumEvent('contact.created', { uid }));
    await withWorker(harness(), config, {}, async () => {
      const handle = await startEvent(harness().client, config, event);
      const outcome = await handle.result();
      expect(outcome.status).toBe('done');
      const key = `contact:sha256-${createHash('sha256').update(uid).digest('hex')}`;
      expect(outcome.view.orderingKey).toBe(key);
      const query = `TaskQueue = '${config.temporal.taskQueue}' AND PodiumOrderingKey = '${key}'`;
      await expect
        .poll(() => listEventIds(harness().client, query), { timeout: 15_000 })
        .toEqual([handle.workflowId]);
    });
  });
});

describe('an event nested deeper than JSON.stringify recurses (issue 12, finding 1, worker side)', () => {
  it('runs its handler with the exact bytes Podium signed', async () => {
    const config = testConfig();
    const depth = 200_000;
    const raw = Buffer.from(
      JSON.stringify(podiumEvent('message.received')).replace(
        /}$/,
        `,"deep":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      ),
    );
    const [event] = readDeliveries(raw, {
      signatureHeaders: {},
      signedAt: new Date(),
      receivedAt: new Date(),
    });
    const seen: Buffer[] = [];
    const registry = new HandlerRegistry().onAny('capture', async ({ rawBody }) => {
      seen.push(rawBody);
    });
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event!);
      expect((await handle.result()).status).toBe('done');
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.equals(raw)).toBe(true);
  });
});

describe('a signed body that starts with a UTF-8 byte-order mark (issue 12, finding 2)', () => {
  // TextDecoder dropped the mark: handlers got, and forwarding sent, three bytes fewer than
  // Podium signed.
  it('reaches handlers and the forwarding target with every byte Podium signed', async () => {
    const config = testConfig({ FORWARD_URL: sink.url, FORWARD_SECRET: forwardSecret });
    const signed = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(JSON.stringify(podiumEvent('message.received'))),
    ]);
    const [event] = readDeliveries(signed, {
      signatureHeaders: {},
      signedAt: new Date(),
      receivedAt: new Date(),
    });
    const seen: { rawBody: Buffer; eventType: string }[] = [];
    const registry = new HandlerRegistry()
      .onAny('capture', async ({ rawBody, event }) => {
        seen.push({ rawBody, eventType: event.eventType });
      })
      .onAny('forwardToUrl', forwardToUrl(config.forwarding!));
    await withWorker(harness(), config, { registry }, async () => {
      const handle = await startEvent(harness().client, config, event!);
      expect((await handle.result()).status).toBe('done');
    });
    expect(seen.map(({ eventType }) => eventType)).toEqual(['message.received']);
    expect(seen[0]!.rawBody.equals(signed)).toBe(true);
    const forwarded = sink.requests.filter((r) => r.headers['webhook-id'] === event!.eventId);
    expect(forwarded).toHaveLength(1);
    expect(forwarded[0]!.body.equals(signed)).toBe(true);
  });
});

describe('every value written to a search attribute (issue 12, finding 3)', () => {
  // Event types with `"` or `\\` passed validation, yet `PodiumEventType = 'a"b'` found nothing:
  // a value the service writes must be found by the queries the README documents.
  // All but `"`, `'`, `\` and `?` (a bind parameter to PostgreSQL visibility: every query with
  // it failed on the cluster), which are refused.
  const punctuation = '!#$%&()*+,-./:;<=>@[]^_`{|}~';
  const deliveryOf = (envelope: object) =>
    readDeliveries(Buffer.from(JSON.stringify(envelope)), {
      signatureHeaders: {},
      signedAt: new Date(),
      receivedAt: new Date(),
    })[0]!;

  it('is found by the documented query, or was refused at receipt as malformed or hashed', async () => {
    const config = testConfig();
    const nonce = randomUUID();
    const inQueue = (filters: Parameters<typeof eventQuery>[0]) =>
      `TaskQueue = ${quoteSearchValue(config.temporal.taskQueue, 'task queue')} AND ${eventQuery(filters)}`;
    const edgeType = deliveryOf(podiumEvent(`edge${punctuation}${nonce}`));
    const quotedTypes = ['a"b', "a'b", 'a\\b', 'ab\\', 'a?b'].map((type) =>
      deliveryOf(podiumEvent(`${type}${nonce}`)),
    );
    const edgeUid = `${punctuation}${nonce}`;
    const quotedUid = `"'\\${nonce}`;
    const edgeEntity = deliveryOf(podiumEvent('contact.created', { uid: edgeUid }));
    const quotedEntity = deliveryOf(podiumEvent('contact.created', { uid: quotedUid }));
    expect(edgeType.eventType).toBe(`edge${punctuation}${nonce}`);
    for (const event of quotedTypes) {
      expect(event.malformedReason).toMatch(/^event type is not a name: /);
    }

    await withWorker(harness(), config, {}, async () => {
      const started = async (event: ReturnType<typeof deliveryOf>) =>
        (await startEvent(harness().client, config, event)).workflowId;
      const [edgeTypeId, edgeEntityId, quotedEntityId] = [
        await started(edgeType),
        await started(edgeEntity),
        await started(quotedEntity),
      ];
      const quotedTypeIds = await Promise.all(quotedTypes.map(started));
      const found = (filters: Parameters<typeof eventQuery>[0]) =>
        expect.poll(() => listEventIds(harness().client, inQueue(filters)), { timeout: 15_000 });

      // Not a type Podium documents, so parked: its type is what is written, and found.
      await found({ type: edgeType.eventType!, status: 'parked' }).toEqual([edgeTypeId]);
      await found({ entity: `contact:${edgeUid}`, status: 'done' }).toEqual([edgeEntityId]);
      // The uid Podium sent finds its entity, whose key holds the uid's hash.
      await found({ entity: `contact:${quotedUid}`, status: 'done' }).toEqual([quotedEntityId]);
      await found({ type: 'malformed', status: 'parked' }).toEqual(quotedTypeIds.sort());
    });
    expect(() => eventQuery({ type: 'type\\' })).toThrow(/kept as 'malformed'/);
  });
});
