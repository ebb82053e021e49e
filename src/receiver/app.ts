/**
 * The HTTP receiver. Checks in a fixed order — bodies in flight, body size and encoding,
 * signature and timestamp over the raw bytes, then the envelope — and answers 200 only once
 * Temporal has durably accepted every event in the delivery. Each refusal maps to one status
 * in one place (`rejectionOf`), and is counted by the rejection log (`answerError`).
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { verifyPodiumSignature } from '../signature/verify-podium-signature';
import type { ReceivedEvent } from '../../workflows/shared';
import { boundBodiesInFlight } from './bodies-in-flight';
import type { ReceiverMetrics } from './metrics';
import { readDeliveries } from './read-deliveries';
import { RejectionLog } from './rejection-log';
import { rejectionOf } from './rejections';
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
  /** Default: no bound (tests of the route); the service passes HTTP_MAX_BODIES_IN_FLIGHT. */
  maxBodiesInFlight?: number;
  /** Default: summaries every minute through `logger`. */
  rejections?: RejectionLog;
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
  const rejections = options.rejections ?? new RejectionLog(logger, 60_000);
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
    boundBodiesInFlight(options.maxBodiesInFlight ?? Infinity, (dropped) =>
      // Dropped mid-body, so never answered: counted here (see bodies-in-flight.ts).
      rejections.record({ reason: 'too_many_bodies_in_flight', status: 0, ip: dropped.ip }),
    ),
    // Any content type: the signature, not the header, decides what is authentic. Never
    // inflate: the signature covers the bytes as sent, so an encoded body is refused (415).
    express.raw({ type: () => true, limit: options.maxBodyBytes, inflate: false }),
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
    const rejection = rejectionOf(error);
    // The client is gone, or was dropped past a deadline and counted there: nothing to answer.
    if (rejection && req.socket.destroyed) return;
    if (rejection) {
      rejections.record({ reason: rejection.reason, status: rejection.status, ip: req.ip });
      res.status(rejection.status).json(rejection.body);
      return;
    }
    if (error instanceof TemporalUnavailableError) {
      // Only a transient inability to persist deserves non-200: Podium keeps and retries it.
      logger.error({ err: error }, 'could not hand the delivery to Temporal');
    } else {
      logger.error({ err: error }, 'unexpected error while receiving');
    }
    res
      .status(503)
      .set('retry-after', '5')
      .json({ error: 'temporarily_unavailable', message: 'try again' });
  };
  app.use(answerError);
  return app;
}
