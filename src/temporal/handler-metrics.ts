/**
 * Handler metrics, recorded around every `handler:<name>` activity through the SDK's metric
 * meter (served with the SDK's own on METRICS_PORT): attempts by handler and outcome, their
 * durations, and the events that park because a handler's last attempt failed (also logged).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { performance } from 'node:perf_hooks';
import { attemptOf } from '../../activities/run-handler';

const PREFIX = 'handler:';
/** In milliseconds, as the SDK's own latencies, with its buckets (50 ms … 10 s). */
const DURATION_METRIC = 'podium_handler_duration_milliseconds';

/** Why a failed attempt was the last: no retry can help, or the retries are used up. */
function finalReason(error: unknown, attempt: number, maximumAttempts: number) {
  if (error instanceof ApplicationFailure && error.nonRetryable) return 'permanent';
  if (maximumAttempts > 0 && attempt >= maximumAttempts) return 'retries_exhausted';
  return null;
}

/**
 * `maximumAttemptsOf` says how many attempts a handler gets, as its plan does: a task's own
 * retry policy is not it (the inline first attempt allows one; the retries' activity the rest),
 * and a server may send none (Temporal 1.30 does not with an eagerly dispatched activity task,
 * found on the tested cluster).
 */
export const handlerMetrics =
  (maximumAttemptsOf: (handler: string) => number): ActivityInterceptorsFactory =>
  (ctx) => ({
    inbound: {
      async execute(input, next) {
        const { activityType } = ctx.info;
        if (!activityType.startsWith(PREFIX)) return next(input);
        const handler = activityType.slice(PREFIX.length);
        // Counting the inline first attempt (a local activity whose policy allows only it).
        const attempt = attemptOf(ctx.info.attempt, input.args[0] ?? {});
        const maximumAttempts = maximumAttemptsOf(handler);
        const meter = ctx.metricMeter;
        const begun = performance.now();
        const record = (outcome: string) => {
          meter
            .createCounter('podium_handler_attempts', '', 'Handler attempts by handler and outcome')
            .add(1, { handler, outcome });
          meter
            .createHistogram(
              DURATION_METRIC,
              'float',
              'ms',
              'Handler attempt duration, milliseconds',
            )
            .record(performance.now() - begun, { handler, outcome });
        };
        try {
          const result = await next(input);
          record('succeeded');
          return result;
        } catch (error) {
          const final = finalReason(error, attempt, maximumAttempts);
          record(final ? 'failed' : 'failed_will_retry');
          if (final) {
            meter
              .createCounter(
                'podium_events_parked',
                '',
                'Events parked by a handler failing for good',
              )
              .add(1, { handler, reason: final });
            // One line per park for on-call's log search (the activity's workflow id is attached).
            ctx.log.warn('event parked', {
              handler,
              reason: final,
              error: error instanceof Error ? error.message : String(error),
            });
          }
          throw error;
        }
      },
    },
  });
