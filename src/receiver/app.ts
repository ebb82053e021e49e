/**
 * The HTTP receiver. Checks in a fixed order — body size, signature and timestamp over the raw
 * bytes, then the envelope — and answers 200 only once Temporal has durably accepted every
 * event in the delivery. Each failure maps to one status in one place (`answerError`).
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { PodiumSignatureError, verifyPodiumSignature } from '../signature/verify-podium-signature';
import type { ReceivedEvent } from '../../workflows/shared';
import type { ReceiverMetrics } from './metrics';
import { readDeliveries } from './read-deliveries';
import { TemporalUnavailableError, type EventStarter, type StartedEvent } from './start-event';

export const WEBHOOK_PATH = '/webhooks/podium';

export interface ReceiverOptions {
  secrets: readonly string[];
  toleranceMs: number;
  maxBodyBytes: number;
  starter: EventStarter;
  /** Resolves when Temporal answers; rejects otherwise (for /readyz). */
  checkTemporal: () => Promise<void>;
  logger: Logger;
  now?: () => number;
  /** Counts deliveries and serves GET /metrics (src/receiver/metrics.ts). */
  metrics?: ReceiverMetrics;
}

async function startInOrder(
  starter: EventStarter,
  events: ReceivedEvent[],
): Promise<StartedEvent[]> {
  // One after another: a batch is started in resource-time order, and a failure part-way
  // answers 503 so Podium redelivers — the ones already started then come back as duplicates.
  const started: StartedEvent[] = [];
  for (const event of events) started.push(await starter.start(event));
  return started;
}

export function createReceiverApp(options: ReceiverOptions): express.Express {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  options.metrics?.mount(app, WEBHOOK_PATH);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/readyz', async (_req, res) => {
    try {
      await options.checkTemporal();
      res.json({ status: 'ready' });
    } catch (error) {
      res
        .status(503)
        .json({ status: 'not ready', reason: `Temporal unreachable: ${String(error)}` });
    }
  });

  app.post(
    WEBHOOK_PATH,
    // Any content type: the signature, not the header, decides what is authentic.
    express.raw({ type: () => true, limit: options.maxBodyBytes }),
    async (req: Request, res: Response) => {
      const receivedAt = new Date(now());
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const verified = verifyPodiumSignature(raw, req.headers, {
        secrets: options.secrets,
        toleranceMs: options.toleranceMs,
        now,
      });
      const events = readDeliveries(raw, {
        signatureHeaders: verified.signatureHeaders,
        signedAt: new Date(verified.timestampMs),
        receivedAt,
      });
      const started = await startInOrder(options.starter, events);
      options.metrics?.noteEvents(res, events, started);
      for (const [index, result] of started.entries()) {
        const malformedReason = events[index]?.malformedReason;
        logger.info(
          {
            eventId: result.eventId,
            eventType: events[index]?.eventType,
            status: result.status,
            malformedReason,
          },
          'delivery',
        );
      }
      if (events.length === 1 && events[0]?.batch === null) {
        res.status(200).json(started[0]);
      } else {
        const status = started.some((event) => event.status === 'accepted')
          ? 'accepted'
          : 'duplicate';
        res.status(200).json({ status, events: started });
      }
    },
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  const answerError: ErrorRequestHandler = (error: unknown, req, res, _next) => {
    if (error instanceof PodiumSignatureError) {
      // An attacker may be probing: say why briefly, start nothing, never log the body.
      logger.warn({ reason: error.reason, ip: req.ip }, 'rejected delivery');
      res.status(401).json({ error: error.reason, message: error.message });
      return;
    }
    if (error instanceof TemporalUnavailableError) {
      // Only a transient inability to persist deserves non-200: Podium keeps and retries it.
      logger.error({ err: error }, 'could not hand the delivery to Temporal');
      res
        .status(503)
        .set('retry-after', '5')
        .json({ error: 'temporarily_unavailable', message: 'try again' });
      return;
    }
    const status = (error as { status?: unknown }).status;
    const type = (error as { type?: unknown }).type;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // body-parser's own errors: 413 too large, 400 aborted or bad length, 415 bad encoding.
      res.status(status).json({ error: typeof type === 'string' ? type : 'bad_request' });
      return;
    }
    logger.error({ err: error }, 'unexpected error while receiving');
    res
      .status(503)
      .set('retry-after', '5')
      .json({ error: 'temporarily_unavailable', message: 'try again' });
  };
  app.use(answerError);
  return app;
}
