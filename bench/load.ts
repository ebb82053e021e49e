/**
 * Offered load with autocannon: every request a distinct, validly signed Podium event (signed
 * at send time, so long runs stay inside the timestamp window), optionally with a share of
 * exact redeliveries of events already sent.
 */
import autocannon from 'autocannon';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { signPodiumDelivery } from '../src/signature/sign-podium-delivery';
import { percentile } from '../src/simulator/podium-streams';

export interface LoadOptions {
  url: string;
  secret: string;
  /** Concurrent connections; with `overallRate`, one connection per request a second instead. */
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

/** The most paced connections one load generator opens. */
const MAX_PACED_CONNECTIONS = 200;

/**
 * Paced connections for a rate: one request a second each, or as few a second each as keep
 * them within MAX_PACED_CONNECTIONS. A connection's budget must be a whole number: autocannon
 * lets 2 through for 1.25.
 */
export function pacing(rate: number): { connections: number; perConnection: number } {
  const perConnection = Math.max(1, Math.ceil(rate / MAX_PACED_CONNECTIONS));
  return { connections: Math.max(1, Math.round(rate / perConnection)), perConnection };
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
  const request: autocannon.Request = {
    method: 'POST',
    path: '/webhooks/podium',
    setupRequest: (req) => {
      const redeliver = sent.length > 0 && Math.random() < (options.duplicateShare ?? 0);
      const body = redeliver ? sent[Math.floor(Math.random() * sent.length)]! : messageBody();
      if (!redeliver) {
        sent.push(body);
        if (sent.length > 10_000) sent.shift();
      }
      return {
        ...req,
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
  };
  const run = (connections: number, connectionRate?: number) =>
    autocannon({
      url: options.url,
      connections,
      ...(options.amount && !connectionRate
        ? { amount: options.amount }
        : { duration: options.durationSec ?? 10 }),
      ...(connectionRate ? { connectionRate } : {}),
      timeout: 5, // Podium's own timeout
      requests: [request],
      setupClient: (client) => {
        client.on('response', (_status: number, _bytes: number, responseTime: number) =>
          latencies.push(responseTime),
        );
      },
    });
  let runs: autocannon.Result[];
  let offeredRate: number | null = null;
  if (!options.overallRate) {
    runs = [await run(options.connections)];
  } else {
    // autocannon paces a connection by a budget per one-second window, and all connections'
    // windows start together: the whole second's requests then arrive at once, and latency
    // measures the queueing of that burst. One connection per instance, with the instances'
    // windows staggered evenly across the second, offers the rate evenly instead.
    const { connections, perConnection } = pacing(options.overallRate);
    offeredRate = connections * perConnection;
    const began = Date.now();
    const pending: Promise<autocannon.Result>[] = [];
    for (let i = 0; i < connections; i += 1) {
      const wait = began + (i * 1000) / connections - Date.now();
      if (wait > 0) await sleep(wait);
      pending.push(run(1, perConnection));
    }
    runs = await Promise.all(pending);
  }
  const sum = (pick: (r: autocannon.Result) => number) => runs.reduce((n, r) => n + pick(r), 0);
  const ok = sum((r) => r['2xx']);
  return {
    offeredRate,
    requests: sum((r) => r.requests.total),
    ok,
    duplicates,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    seconds: Math.max(...runs.map((r) => r.duration)),
    ackRate: sum((r) => r['2xx'] / r.duration),
    latencyMs: latencySummary(latencies),
  };
}

/** The percentiles every latency figure of the benchmark reports. */
export function latencySummary(latencies: number[]): LoadResult['latencyMs'] {
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: percentile(latencies, 100),
  };
}
