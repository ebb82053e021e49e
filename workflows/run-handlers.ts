/**
 * Runs an event's handlers as activities, in order, each with its retry policy; used by the
 * entity workflow (ordered events) and the event workflow (unordered ones, and released parks).
 * Handlers that already succeeded are skipped, so a retry runs only what failed.
 */
import { ActivityFailure, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
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
    const activity = proxyActivities<
      Record<string, (input: HandlerInput) => Promise<HandlerOutcome>>
    >({
      startToCloseTimeout: handler.timeoutMs,
      // The Web UI's activity row: which handler of which event (an entity runs many events').
      summary: `${handler.name} for ${input.eventWorkflowId}`,
      retry: {
        maximumAttempts: handler.retry.maximumAttempts,
        initialInterval: handler.retry.initialIntervalMs,
        maximumInterval: handler.retry.maximumIntervalMs,
        backoffCoefficient: handler.retry.backoffCoefficient,
      },
    })[handlerActivityName(handler.name)]!;
    record.runs += 1;
    const last = index === handlers.length - 1;
    const asDone = (view: HandlerView): HandlerView =>
      view === record ? { ...view, state: 'succeeded', lastError: null } : { ...view };
    try {
      const outcome = await activity(
        last && doneReport ? { ...input, reportOnSuccess: doneReport(views.map(asDone)) } : input,
      );
      reported = outcome.reported === true;
      record.attempts += outcome.attempt;
      record.state = 'succeeded';
      record.lastError = null;
    } catch (error) {
      const message = errorMessage(error);
      record.attempts += attemptsOf(error, handler.retry.maximumAttempts);
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
