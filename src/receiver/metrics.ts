/**
 * The receiver's Prometheus metrics, served at GET /metrics: every delivery counted by outcome,
 * how long Podium waited for its answer, and how long Temporal took to accept each start.
 * Each receiver has its own registry (no global state: tests run several in one process).
 */
import type { Express, NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { ReceivedEvent } from '../../workflows/shared';
import type { EventStarter, StartedEvent } from './start-event';

/** What Podium's timeout (5 s) makes interesting: mostly well under a second. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5];

/** Outcomes by HTTP status when the body does not say more. */
const BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  413: 'too_large',
  415: 'unsupported_encoding',
  503: 'unavailable',
};
const KNOWN_OUTCOMES = ['accepted', 'duplicate', 'malformed', 'too_large', 'unavailable'];

export type ReceiverMetrics = ReturnType<typeof createReceiverMetrics>;

export function createReceiverMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const deliveries = new Counter({
    name: 'podium_webhook_deliveries_total',
    help: 'Deliveries answered, by outcome; reason: why a signature check rejected it',
    labelNames: ['outcome', 'reason'] as const,
    registers: [registry],
  });
  // Zero series from the start, so that a rate() over them exists before the first one.
  for (const outcome of KNOWN_OUTCOMES) deliveries.labels(outcome, '').inc(0);
  const acknowledged = new Histogram({
    name: 'podium_webhook_ack_seconds',
    help: 'From the request to its answer, as Podium waits for it (5 s timeout)',
    labelNames: ['status'] as const,
    buckets: SECONDS,
    registers: [registry],
  });
  const starts = new Histogram({
    name: 'podium_temporal_start_seconds',
    help: "Time for Temporal to accept one event workflow's start, by outcome",
    labelNames: ['outcome'] as const,
    buckets: SECONDS,
    registers: [registry],
  });

  const handOffs = new Counter({
    name: 'podium_entity_handoffs_total',
    help: 'Ordered events handed to their entity after the start: sent; late (queued past half of ENTITY_HANDOFF_FALLBACK, left to the event to queue itself); failed (it queues itself after ENTITY_HANDOFF_FALLBACK)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  for (const outcome of ['sent', 'late', 'failed']) handOffs.labels(outcome).inc(0);

  /** Counts a webhook request once answered; reads the outcome from what was answered. */
  const observe = (_req: Request, res: Response, next: NextFunction) => {
    const begun = performance.now();
    let answered: unknown;
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      answered = body;
      return json(body);
    };
    res.on('finish', () => {
      acknowledged.labels(String(res.statusCode)).observe((performance.now() - begun) / 1000);
      const [outcome, reason] = outcomeOf(res, answered);
      deliveries.labels(outcome, reason).inc();
    });
    next();
  };

  return {
    registry,
    handOff: (outcome: 'sent' | 'late' | 'failed') => handOffs.labels(outcome).inc(),
    /** Mounts the counting middleware on the webhook path and GET /metrics. */
    mount(app: Express, webhookPath: string) {
      app.use(webhookPath, observe);
      app.get('/metrics', async (_req, res) => {
        res.type(registry.contentType).send(await registry.metrics());
      });
    },
    /** Marks a delivery whose authentic events included one that could not be understood. */
    noteEvents(res: Response, events: ReceivedEvent[], started: StartedEvent[]) {
      const malformed = events.some(
        (event, index) => event.malformedReason && started[index]?.status === 'accepted',
      );
      if (malformed) res.locals.podiumOutcome = 'malformed';
    },
    /** The starter, timed. */
    timed(starter: EventStarter): EventStarter {
      return {
        async start(event) {
          const begun = performance.now();
          const seconds = () => (performance.now() - begun) / 1000;
          try {
            const started = await starter.start(event);
            starts.labels(started.status).observe(seconds());
            return started;
          } catch (error) {
            starts.labels('unavailable').observe(seconds());
            throw error;
          }
        },
      };
    },
  };
}

function outcomeOf(res: Response, body: unknown): [string, string] {
  const answer = (body ?? {}) as { status?: unknown; error?: unknown };
  if (res.statusCode === 200) {
    const noted = res.locals.podiumOutcome as string | undefined;
    return [noted ?? (answer.status === 'duplicate' ? 'duplicate' : 'accepted'), ''];
  }
  const reason = typeof answer.error === 'string' ? answer.error : '';
  if (res.statusCode === 401) return ['rejected', reason];
  return [BY_STATUS[res.statusCode] ?? `http_${res.statusCode}`, reason];
}
