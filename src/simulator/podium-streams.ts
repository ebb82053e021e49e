/**
 * Sends planned deliveries the way Podium does: each webhook is a stream that sends one event
 * at a time; a non-200 answer (or none within 5 s) is retried on Podium's schedule while every
 * later event of that stream waits (head-of-line); after the last attempt the webhook is
 * disabled and the stream stops. Several streams run side by side.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import { signPodiumDelivery } from '../signature/sign-podium-delivery';
import type { PlannedDelivery } from './plan-deliveries';
import { PODIUM_TIMEOUT_MS, retryDelays } from './retry-schedule';

export interface StreamOptions {
  url: string;
  secret: string;
  deliveries: PlannedDelivery[];
  /** Webhooks sending in parallel. */
  streams: number;
  /** Overall attempts per second across streams; undefined: as fast as answers come. */
  ratePerSecond?: number;
  timeScale: number;
  timeoutMs?: number;
  onAttempt?: (attempt: AttemptRecord) => void;
}

export interface AttemptRecord {
  delivery: number;
  attempt: number;
  /** HTTP status, or 0 when no answer came (timeout, refused). */
  status: number;
  answer: string;
  latencyMs: number;
}

export interface DeliveryOutcome {
  delivery: number;
  attempts: number;
  /** The final answer's `status` field (`accepted`, `duplicate`), or why it never got a 200. */
  result: string;
}

export interface SimulationResult {
  outcomes: DeliveryOutcome[];
  attempts: AttemptRecord[];
  /** Deliveries never sent because their stream's webhook was disabled. */
  stalled: number;
  durationMs: number;
}

function pacer(ratePerSecond: number | undefined) {
  let nextSlot = performance.now();
  return async () => {
    if (!ratePerSecond) return;
    const slot = Math.max(performance.now(), nextSlot);
    nextSlot = slot + 1000 / ratePerSecond;
    const wait = slot - performance.now();
    if (wait > 0) await sleep(wait);
  };
}

async function attemptOnce(
  options: StreamOptions,
  delivery: PlannedDelivery,
  index: number,
  attempt: number,
): Promise<AttemptRecord> {
  const started = performance.now();
  try {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signPodiumDelivery(delivery.body, options.secret, Date.now()),
      },
      body: delivery.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? PODIUM_TIMEOUT_MS),
    });
    const answer = await response.text();
    return {
      delivery: index,
      attempt,
      status: response.status,
      answer,
      latencyMs: performance.now() - started,
    };
  } catch (error) {
    const answer = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return { delivery: index, attempt, status: 0, answer, latencyMs: performance.now() - started };
  }
}

function resultOf(record: AttemptRecord): string {
  try {
    const parsed = JSON.parse(record.answer) as { status?: unknown };
    return typeof parsed.status === 'string' ? parsed.status : 'ok';
  } catch {
    return 'ok';
  }
}

export async function simulatePodium(options: StreamOptions): Promise<SimulationResult> {
  const started = performance.now();
  const delays = retryDelays(options.timeScale);
  const nextSlot = pacer(options.ratePerSecond);
  const outcomes: DeliveryOutcome[] = [];
  const attempts: AttemptRecord[] = [];
  let stalled = 0;

  const streams = Array.from({ length: options.streams }, (_, stream) =>
    options.deliveries
      .map((delivery, index) => ({ delivery, index }))
      .filter(({ index }) => index % options.streams === stream),
  );

  await Promise.all(
    streams.map(async (queue) => {
      for (const [position, { delivery, index }] of queue.entries()) {
        let last: AttemptRecord | undefined;
        for (let attempt = 1; attempt <= delays.length + 1; attempt += 1) {
          if (attempt > 1) await sleep(delays[attempt - 2]);
          await nextSlot();
          last = await attemptOnce(options, delivery, index, attempt);
          attempts.push(last);
          options.onAttempt?.(last);
          if (last.status === 200) break;
        }
        if (last?.status === 200) {
          outcomes.push({ delivery: index, attempts: last.attempt, result: resultOf(last) });
          continue;
        }
        // Podium disables the webhook: everything after it waits (~10 days) in Podium's queue.
        outcomes.push({
          delivery: index,
          attempts: last?.attempt ?? 0,
          result: `gave up (last status ${last?.status ?? '-'})`,
        });
        stalled += queue.length - position - 1;
        return;
      }
    }),
  );
  return {
    outcomes: outcomes.sort((a, b) => a.delivery - b.delivery),
    attempts,
    stalled,
    durationMs: performance.now() - started,
  };
}

/** p-th percentile (0–100) of the values, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[
    Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  ]!;
}
