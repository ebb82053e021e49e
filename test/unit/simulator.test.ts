import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../src/simulator/podium-scenarios';
import { planDeliveries, type PlanOptions } from '../../src/simulator/plan-deliveries';
import { simulatePodium } from '../../src/simulator/podium-streams';
import { seededRandom } from '../../src/simulator/random';
import { PODIUM_RETRY_DELAYS_MS, retryDelays } from '../../src/simulator/retry-schedule';
import { parsePodiumEvent } from '../../src/podium/schemas';
import { verifyPodiumSignature } from '../../src/signature/verify-podium-signature';

const plan = (options: Partial<PlanOptions> = {}) =>
  planDeliveries({
    events: 60,
    families: FAMILIES,
    duplicates: 0,
    shuffle: false,
    batchSize: 1,
    random: seededRandom(42),
    startMs: Date.parse('2026-06-01T00:00:00Z'),
    ...options,
  });

describe('the delivery plan', () => {
  it('sends each distinct event once, as valid Podium envelopes of every family', () => {
    const deliveries = plan();
    expect(deliveries).toHaveLength(60);
    const types = deliveries.map((delivery) => {
      const parsed = parsePodiumEvent(JSON.parse(delivery.body));
      if (!parsed.ok) throw new Error(parsed.reason);
      return parsed.event.eventType.split('.')[0];
    });
    expect(new Set(types)).toEqual(new Set(FAMILIES));
  });

  it('keeps each entity in causal order unless asked to shuffle', () => {
    const firstOfEntity = (deliveries: ReturnType<typeof plan>) => {
      const seen = new Map<string, string>();
      for (const { events } of deliveries)
        for (const e of events) if (!seen.has(e.entity)) seen.set(e.entity, e.eventType);
      return [...seen.values()].filter((type) => type.startsWith('contact.'));
    };
    expect(firstOfEntity(plan()).every((type) => type === 'contact.created')).toBe(true);
    expect(
      firstOfEntity(plan({ shuffle: true, events: 300 })).some(
        (type) => type !== 'contact.created',
      ),
    ).toBe(true);
  });

  it('repeats the requested share of deliveries byte for byte, after their original', () => {
    const deliveries = plan({ events: 70, duplicates: 0.3 });
    const duplicates = deliveries.filter((delivery) => delivery.duplicate);
    expect(duplicates).toHaveLength(30);
    for (const duplicate of duplicates) {
      const index = deliveries.indexOf(duplicate);
      expect(
        deliveries.slice(0, index).some((d) => !d.duplicate && d.body === duplicate.body),
      ).toBe(true);
    }
  });

  it('puts several events in one JSON array when batching', () => {
    const deliveries = plan({ events: 10, batchSize: 4 });
    expect(deliveries.map((delivery) => delivery.events.length)).toEqual([4, 4, 2]);
    expect(Array.isArray(JSON.parse(deliveries[0]!.body))).toBe(true);
  });

  it('is the same plan for the same seed', () => {
    expect(plan().map((d) => d.body)).toEqual(plan().map((d) => d.body));
  });
});

describe("Podium's retry schedule", () => {
  it('makes about 15 attempts over about 8 hours', () => {
    expect(PODIUM_RETRY_DELAYS_MS.length + 1).toBe(15);
    const hours = PODIUM_RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0) / 3_600_000;
    expect(hours).toBeGreaterThan(7.5);
    expect(hours).toBeLessThan(8.5);
  });

  it('compresses by the time scale', () => {
    expect(retryDelays(0.001)[0]).toBe(10);
  });
});

describe('the Podium-like sender', () => {
  it('signs each attempt afresh, retries a non-200 and holds the rest of its stream meanwhile', async () => {
    const secret = 'sim-secret';
    const seen: Array<{ eventUid: string; status: number }> = [];
    const failuresLeft = new Map<string, number>();
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        verifyPodiumSignature(body, req.headers, { secrets: [secret], toleranceMs: 300_000 });
        const { metadata } = JSON.parse(body.toString()) as { metadata: { eventUid: string } };
        const left = failuresLeft.get(metadata.eventUid) ?? (seen.length === 0 ? 2 : 0);
        failuresLeft.set(metadata.eventUid, left - 1);
        const status = left > 0 ? 503 : 200;
        seen.push({ eventUid: metadata.eventUid, status });
        res
          .writeHead(status, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'accepted' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const deliveries = plan({ events: 3, families: ['contact'] });
      const result = await simulatePodium({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        secret,
        deliveries,
        streams: 1,
        timeScale: 0.0001,
      });
      const uids = deliveries.map((d) => d.events[0]!.eventUid);
      // The first event failed twice; nothing after it was sent until it succeeded.
      expect(seen).toEqual([
        { eventUid: uids[0], status: 503 },
        { eventUid: uids[0], status: 503 },
        { eventUid: uids[0], status: 200 },
        { eventUid: uids[1], status: 200 },
        { eventUid: uids[2], status: 200 },
      ]);
      expect(result.outcomes.map((o) => [o.attempts, o.result])).toEqual([
        [3, 'accepted'],
        [1, 'accepted'],
        [1, 'accepted'],
      ]);
      expect(result.stalled).toBe(0);
    } finally {
      server.close();
    }
  });

  it('gives up after 15 attempts and stalls the rest of the stream, as a disabled webhook', async () => {
    const server = createServer((_req, res) => res.writeHead(500).end('down'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const result = await simulatePodium({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        secret: 's',
        deliveries: plan({ events: 3, families: ['contact'] }),
        streams: 1,
        timeScale: 0.00001,
      });
      expect(result.attempts).toHaveLength(15);
      expect(result.outcomes).toEqual([
        { delivery: 0, attempts: 15, result: 'gave up (last status 500)' },
      ]);
      expect(result.stalled).toBe(2);
    } finally {
      server.close();
    }
  });
});
