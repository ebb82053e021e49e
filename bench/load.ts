/**
 * Offered load with autocannon: every request a distinct, validly signed Podium event (signed
 * at send time, so long runs stay inside the timestamp window), optionally with a share of
 * exact redeliveries of events already sent.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { signPodiumDelivery } from '../src/signature/sign-podium-delivery';
import { percentile } from '../src/simulator/podium-streams';

export interface LoadOptions {
  url: string;
  secret: string;
  connections: number;
  durationSec?: number;
  /** Stop after this many requests instead of after a duration. */
  amount?: number;
  /** Requests per second across all connections; undefined: as fast as answers come. */
  overallRate?: number;
  /** Share of requests that redeliver an earlier event (0–1). */
  duplicateShare?: number;
}

export interface LoadResult {
  offeredRate: number | null;
  requests: number;
  ok: number;
  duplicates: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  /** 200 answers per second. */
  ackRate: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/** A message in a conversation of its own: processing never waits on another event's turn. */
export function messageBody(): string {
  const eventUid = randomUUID();
  return JSON.stringify({
    data: {
      uid: randomUUID(),
      body: 'Is my order ready?',
      conversation: { uid: randomUUID(), channel: { type: 'phone' } },
      location: { uid: 'location-bench', organizationUid: 'organization-bench' },
      createdAt: new Date().toISOString(),
      items: [],
    },
    metadata: { eventType: 'message.received', eventUid, version: '2021.04.01' },
  });
}

export async function offerLoad(options: LoadOptions): Promise<LoadResult> {
  const sent: string[] = [];
  const latencies: number[] = [];
  let duplicates = 0;
  // autocannon paces each connection at ≥ 1 request/s.
  const connections = options.overallRate
    ? Math.max(1, Math.min(options.connections, Math.floor(options.overallRate)))
    : options.connections;
  const result = await autocannon({
    url: options.url,
    connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSec ?? 10 }),
    // Paced per connection: autocannon's overallRate fires each second's requests at once,
    // which measures burst queueing rather than latency at a steady rate.
    ...(options.overallRate ? { connectionRate: options.overallRate / connections } : {}),
    timeout: 5, // Podium's own timeout
    requests: [
      {
        method: 'POST',
        path: '/webhooks/podium',
        setupRequest: (request) => {
          const redeliver = sent.length > 0 && Math.random() < (options.duplicateShare ?? 0);
          const body = redeliver ? sent[Math.floor(Math.random() * sent.length)]! : messageBody();
          if (!redeliver) {
            sent.push(body);
            if (sent.length > 10_000) sent.shift();
          }
          return {
            ...request,
            body,
            headers: {
              'content-type': 'application/json',
              ...signPodiumDelivery(body, options.secret, Date.now()),
            },
          };
        },
        onResponse: (_status, body) => {
          if (body.includes('"duplicate"')) duplicates += 1;
        },
      },
    ],
    setupClient: (client) => {
      client.on('response', (_status: number, _bytes: number, responseTime: number) =>
        latencies.push(responseTime),
      );
    },
  });
  const seconds = result.duration;
  return {
    offeredRate: options.overallRate ?? null,
    requests: result.requests.total,
    ok: result['2xx'],
    duplicates,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    seconds,
    ackRate: result['2xx'] / seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
  };
}
