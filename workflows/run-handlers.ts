/**
 * Runs an event's handlers as activities, in order, each with its retry policy (the first
 * attempt inline, as a local activity); used by the
 * entity workflow (ordered events) and the event workflow (unordered ones, and released parks).
 * Handlers that already succeeded are skipped, so a retry runs only what failed.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  proxyActivities,
  proxyLocalActivities,
  sleep,
  type RetryPolicy,
} from '@temporalio/workflow';
import {
  handlerActivityName,
  type HandlerInput,
  type HandlerOutcome,
  type HandlerView,
  type PlannedHandler,
} from './shared';
import type { DoneReport } from './ordering/messages';

function errorMessage(error: unknown): string {
  if (error instanceof ActivityFailure && error.cause) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

function attemptsOf(error: unknown, fallback: number): number {
  const cause = error instanceof ActivityFailure ? error.cause : undefined;
  const details = cause instanceof ApplicationFailure ? cause.details : undefined;
  const attempt = (details?.[0] as { attempt?: unknown } | undefined)?.attempt;
  return typeof attempt === 'number' ? attempt : fallback;
}

export function pendingViews(handlers: PlannedHandler[]): HandlerView[] {
  return handlers.map((handler) => ({
    name: handler.name,
    state: 'pending',
    runs: 0,
    attempts: 0,
    lastError: null,
  }));
}

export type HandlersResult =
  { ok: true; reported: boolean } | { ok: false; reason: string; lastError: string };

type HandlerCall = (input: HandlerInput) => Promise<HandlerOutcome>;

/** Whether retrying can help: the handler said no (PermanentHandlerError), or has no retries. */
function retryable(error: unknown, handler: PlannedHandler): boolean {
  // A local activity's failure reaches the workflow unwrapped; an activity's as its cause.
  const failure = error instanceof ActivityFailure ? error.cause : error;
  const { nonRetryable, type } = (failure ?? {}) as { nonRetryable?: unknown; type?: unknown };
  if (nonRetryable === true || type === 'PermanentHandlerError') return false;
  return handler.retry.maximumAttempts !== 1;
}

/** A handler that failed for good, and after how many attempts in all. */
class HandlerFailed extends Error {
  constructor(
    readonly failure: unknown,
    readonly attempts: number,
  ) {
    super(errorMessage(failure));
  }
}

/**
 * A handler's first attempt runs as a local activity, inside the workflow task that decided
 * to run it: no activity task, no workflow task for its result (bench:cost: 10.0 → 6.8
 * persistence writes per event). Should it fail, the retries run as an activity with the rest
 * of the handler's retry policy (visible as such in the Web UI), after the policy's first
 * interval; the handler is told its attempt number counting the first. A handler registered
 * with `firstAttempt: 'activity'` (a slow one: an inline attempt holds a workflow-task slot)
 * runs every attempt as an activity.
 */
async function runHandler(handler: PlannedHandler, input: HandlerInput): Promise<HandlerOutcome> {
  const name = handlerActivityName(handler.name);
  // The Web UI's activity row: which handler of which event (an entity runs many events').
  const summary = `${handler.name} for ${input.eventWorkflowId}`;
  const { maximumAttempts, initialIntervalMs, maximumIntervalMs, backoffCoefficient } =
    handler.retry;
  const asActivity = (retry: RetryPolicy, attemptsBefore: number) =>
    proxyActivities<Record<string, HandlerCall>>({
      startToCloseTimeout: handler.timeoutMs,
      summary,
      retry,
    })[name]!(attemptsBefore ? { ...input, attemptsBefore } : input).catch((error: unknown) => {
      throw new HandlerFailed(error, attemptsOf(error, maximumAttempts));
    });
  const policy = { maximumInterval: maximumIntervalMs, backoffCoefficient };
  if (handler.inline === false) {
    return asActivity({ ...policy, maximumAttempts, initialInterval: initialIntervalMs }, 0);
  }
  const inline = proxyLocalActivities<Record<string, HandlerCall>>({
    startToCloseTimeout: handler.timeoutMs,
    summary,
    retry: { maximumAttempts: 1 },
  })[name]!;
  try {
    return await inline(input);
  } catch (error) {
    if (!retryable(error, handler)) throw new HandlerFailed(error, 1);
  }
  await sleep(initialIntervalMs);
  return asActivity(
    {
      ...policy,
      // 0 stays 0: unlimited.
      maximumAttempts: maximumAttempts === 0 ? 0 : maximumAttempts - 1,
      initialInterval: Math.min(initialIntervalMs * backoffCoefficient, maximumIntervalMs),
    },
    1,
  );
}

/**
 * Runs the handlers still pending, updating `views`; on the first failure, why it parks.
 * `doneReport` (an entity's): the report the last handler's activity sends when it succeeds.
 */
export async function runPendingHandlers(
  input: HandlerInput,
  handlers: PlannedHandler[],
  views: HandlerView[],
  doneReport?: (handlers: HandlerView[]) => DoneReport,
): Promise<HandlersResult> {
  let reported = false;
  for (const [index, handler] of handlers.entries()) {
    const record = views[index]!;
    if (record.state === 'succeeded') continue;
    record.runs += 1;
    const last = index === handlers.length - 1;
    const asDone = (view: HandlerView): HandlerView =>
      view === record ? { ...view, state: 'succeeded', lastError: null } : { ...view };
    try {
      const outcome = await runHandler(
        handler,
        last && doneReport ? { ...input, reportOnSuccess: doneReport(views.map(asDone)) } : input,
      );
      reported = outcome.reported === true;
      record.attempts += outcome.attempt;
      record.state = 'succeeded';
      record.lastError = null;
    } catch (error) {
      const failed =
        error instanceof HandlerFailed
          ? error
          : new HandlerFailed(error, handler.retry.maximumAttempts);
      const message = failed.message;
      record.attempts += failed.attempts;
      record.state = 'failed';
      record.lastError = message;
      return {
        ok: false,
        lastError: `${handler.name}: ${message}`,
        reason: `handler ${handler.name} failed after ${record.attempts} attempt(s): ${message}`,
      };
    }
  }
  return { ok: true, reported };
}
