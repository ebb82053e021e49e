/**
 * Turns a registered handler into a Temporal activity: it parses the event, gives the handler
 * its context, and maps failures onto Temporal's retry semantics. Every failed attempt is also
 * signalled to the event's workflow, so the whole attempt history is on record there.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { performance } from 'node:perf_hooks';
import {
  attemptFailedSignal,
  receivedEventQuery,
  type AttemptRecord,
  type HandlerInput,
  type HandlerOutcome,
  type ReceivedEvent,
} from '../workflows/shared';
import { PermanentHandlerError, type RegisteredHandler } from './handler-registry';
import { bodyBytesOf, parseReceivedEvent } from './received-event';
import { turnReportSignal, type DoneReport } from '../workflows/ordering/messages';
import { signalEventWorkflow } from './signal-event';

export interface RunHandlerDeps {
  /** Used to record failed attempts on the event workflow; optional in unit tests. */
  client?: Client;
}

async function recordFailedAttempt(
  client: Client | undefined,
  eventWorkflowId: string,
  record: AttemptRecord,
): Promise<void> {
  if (!client) return;
  try {
    await client.workflow.getHandle(eventWorkflowId).signal(attemptFailedSignal, record);
  } catch (error) {
    // Best effort: the activity's own failure (in history) is the authoritative record.
    Context.current().log.warn('could not record the failed attempt', { error: String(error) });
  }
}

/** Tells the event's workflow it is done, sparing the entity a local activity. False: the entity must. */
async function reportDone(
  client: Client | undefined,
  eventWorkflowId: string,
  report: DoneReport,
  attempt: number,
): Promise<boolean> {
  const last = report.handlers.at(-1);
  if (last) last.attempts += attempt;
  if (!client) return false;
  try {
    const { taskQueue } = Context.current().info;
    return (
      (await signalEventWorkflow(client, taskQueue, eventWorkflowId, turnReportSignal, report)) ===
      'delivered'
    );
  } catch {
    return false;
  }
}

export function handlerActivity(handler: RegisteredHandler, deps: RunHandlerDeps) {
  /** An event too large to pass through its entity is read from its own workflow. */
  async function eventOf({ event, eventWorkflowId }: HandlerInput): Promise<ReceivedEvent> {
    if (event) return event;
    if (!deps.client) throw new Error(`no client to read the event of ${eventWorkflowId}`);
    return deps.client.workflow.getHandle(eventWorkflowId).query(receivedEventQuery);
  }

  return async function runHandler(input: HandlerInput): Promise<HandlerOutcome> {
    const attempt = attemptOf(Context.current().info.attempt, input);
    const started = performance.now();
    try {
      const event = await eventOf(input);
      const parsed = parseReceivedEvent(event);
      if (!parsed.ok) throw new PermanentHandlerError(`malformed event: ${parsed.reason}`);
      const detail = await handler.handle({
        event: parsed.event,
        rawBody: bodyBytesOf(event),
        received: event,
        idempotencyKey: `${event.eventId}:${handler.name}`,
        attempt,
        late: input.late ?? null,
      });
      const outcome: HandlerOutcome = { attempt, detail: detail ?? 'ok' };
      if (input.reportOnSuccess) {
        const { eventWorkflowId, reportOnSuccess } = input;
        outcome.reported = await reportDone(deps.client, eventWorkflowId, reportOnSuccess, attempt);
      }
      return outcome;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const permanent = error instanceof PermanentHandlerError || isNonRetryable(error);
      await recordFailedAttempt(deps.client, input.eventWorkflowId, {
        handler: handler.name,
        attempt,
        at: new Date().toISOString(),
        ok: false,
        durationMs: Math.round(performance.now() - started),
        detail: message,
      });
      throw ApplicationFailure.create({
        message,
        type: permanent ? 'PermanentHandlerError' : error instanceof Error ? error.name : 'Error',
        nonRetryable: permanent,
        details: [{ attempt }],
        cause: error instanceof Error ? error : undefined,
      });
    }
  };
}

/** The attempt number the handler sees: its activity's, after the inline first attempt. */
export function attemptOf(activityAttempt: number, input: Pick<HandlerInput, 'attemptsBefore'>) {
  return activityAttempt + (input.attemptsBefore ?? 0);
}

function isNonRetryable(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.nonRetryable === true;
}
