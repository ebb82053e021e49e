/**
 * One workflow per Podium event. It plans the event's handlers, waits for its entity's turn,
 * runs each handler as an activity with its retry policy, and when one fails for good it
 * parks: it stays open with the raw event and the error until an operator retries or
 * discards it.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  condition,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { createCoreActivities } from '../activities';
import {
  attemptFailedSignal,
  discardSignal,
  entityWorkflowId,
  handlerActivityName,
  PodiumEventStatus,
  PodiumOrderingKey,
  retrySignal,
  statusQuery,
  turnGrantedSignal,
  type AttemptRecord,
  type EventPlan,
  type EventStatus,
  type EventStatusView,
  type HandlerOutcome,
  type HandlerView,
  type OperatorAction,
  type PlannedHandler,
  type ReceivedEvent,
} from './shared';

/**
 * Planning is pure computation, and a turn request or release one quick signal: local
 * activities, run inside the workflow task, save the event activity-task round trips and the
 * extra workflow task a signal-external command costs. They retry until they succeed: giving
 * up would fail the event (or strand its entity's turn) instead of leaving it visibly stuck.
 */
const { planEvent, requestTurn, signalTurnReleased } = proxyLocalActivities<
  ReturnType<typeof createCoreActivities>
>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

const ATTEMPT_HISTORY_KEPT = 50;

export interface EventOutcome {
  status: Extract<EventStatus, 'done' | 'discarded'>;
  view: EventStatusView;
}

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

/** The Web UI sends whatever JSON the operator typed: keep a reason only if it is a string. */
function reasonOf(action: OperatorAction | undefined): string | null {
  const reason = (action as { reason?: unknown } | undefined)?.reason;
  return typeof reason === 'string' && reason.trim() ? reason.trim() : null;
}

export async function podiumEventWorkflow(event: ReceivedEvent): Promise<EventOutcome> {
  const view: EventStatusView = {
    eventId: event.eventId,
    eventType: event.eventType,
    status: 'processing',
    orderingKey: null,
    waitingFor: null,
    attempts: 0,
    lastError: null,
    parkedReason: null,
    ranWithoutPredecessor: false,
    handlers: [],
    attemptHistory: [],
    operatorActions: [],
    receivedAt: event.receivedAt,
  };
  let operatorDecision: 'retry' | 'discard' | null = null;
  let turn: 'none' | 'waiting' | 'held' | 'released' = 'none';

  const setStatus = (status: EventStatus) => {
    // Each change is a visibility write: make none that changes nothing.
    if (view.status === status) return;
    view.status = status;
    upsertSearchAttributes([{ key: PodiumEventStatus, value: status }]);
  };
  const operatorHandler = (action: 'retry' | 'discard') => (input?: OperatorAction) => {
    const applies =
      action === 'discard'
        ? view.status === 'parked' || view.status === 'waiting'
        : view.status === 'parked';
    view.operatorActions.push({
      action,
      reason: reasonOf(input),
      at: new Date().toISOString(),
      applied: applies && operatorDecision === null,
      note: applies ? '' : `ignored: the event is ${view.status}`,
    });
    if (applies) operatorDecision ??= action;
  };
  setHandler(statusQuery, () => view);
  setHandler(retrySignal, operatorHandler('retry'));
  setHandler(discardSignal, operatorHandler('discard'));
  setHandler(attemptFailedSignal, (record: AttemptRecord) => {
    view.attemptHistory.push(record);
    if (view.attemptHistory.length > ATTEMPT_HISTORY_KEPT) view.attemptHistory.shift();
  });
  setHandler(turnGrantedSignal, (grant) => {
    if (turn !== 'waiting') return;
    turn = 'held';
    view.waitingFor = null;
    view.ranWithoutPredecessor = grant.withoutPredecessor;
  });

  const releaseTurn = async () => {
    if (view.orderingKey === null || (turn !== 'held' && turn !== 'waiting')) return;
    turn = 'released';
    await signalTurnReleased({ orderingKey: view.orderingKey, eventId: event.eventId });
  };

  /** Parks until an operator decides; returns true to run again, false when discarded. */
  const park = async (reason: string, releaseOnPark: boolean): Promise<boolean> => {
    view.parkedReason = reason;
    operatorDecision = null;
    setStatus('parked');
    if (releaseOnPark) await releaseTurn();
    await condition(() => operatorDecision !== null);
    if (operatorDecision === 'discard') return false;
    view.parkedReason = null;
    setStatus('processing');
    return true;
  };

  const discarded = async (): Promise<EventOutcome> => {
    await releaseTurn();
    setStatus('discarded');
    return { status: 'discarded', view };
  };

  // 1. Understand the event. What cannot be understood is parked, never dropped.
  let plan: EventPlan = event.malformedReason
    ? { ok: false, reason: `malformed: ${event.malformedReason}` }
    : await planEvent(event);
  while (!plan.ok) {
    if (!(await park(plan.reason, false))) return discarded();
    plan = await planEvent(event);
  }
  const { handlers, ordering } = plan;
  view.handlers = handlers.map((handler): HandlerView => ({
    name: handler.name,
    state: 'pending',
    runs: 0,
    attempts: 0,
    lastError: null,
  }));

  // 2. Wait for this entity's turn, so causally dependent events run in order.
  if (ordering) {
    view.orderingKey = ordering.key;
    turn = 'waiting';
    await requestTurn({
      orderingKey: ordering.key,
      creationType: ordering.creationType,
      ticket: {
        eventId: event.eventId,
        eventWorkflowId: workflowInfo().workflowId,
        eventType: plan.eventType,
        resourceTime: ordering.resourceTime,
        resourceCreatedAt: ordering.resourceCreatedAt,
      },
    });
    // Queued now; the grant may already have arrived while the request was being made.
    // The key and the status go in one upsert: each upsert is a visibility write.
    const attributes: SearchAttributeUpdatePair[] = [
      { key: PodiumOrderingKey, value: ordering.key },
    ];
    if (turn === 'waiting') {
      view.waitingFor = `its turn on ${ordering.key} (entity workflow ${entityWorkflowId(ordering.key)})`;
      view.status = 'waiting';
      attributes.push({ key: PodiumEventStatus, value: 'waiting' });
    }
    upsertSearchAttributes(attributes);
    await condition(() => turn === 'held' || operatorDecision === 'discard');
    if (operatorDecision === 'discard') return discarded();
    setStatus('processing');
  }

  // 3. Run each handler that has not yet succeeded; park on the first that fails for good.
  for (;;) {
    const failed = await runPendingHandlers(event, handlers, view);
    if (failed === null) break;
    if (!(await park(failed, ordering?.releaseTurnOnPark ?? false))) return discarded();
  }
  await releaseTurn();
  setStatus('done');
  return { status: 'done', view };
}

/** Runs the handlers still pending, in order; returns the park reason of the first failure. */
async function runPendingHandlers(
  event: ReceivedEvent,
  handlers: PlannedHandler[],
  view: EventStatusView,
): Promise<string | null> {
  for (const [index, handler] of handlers.entries()) {
    const record = view.handlers[index]!;
    if (record.state === 'succeeded') continue;
    const activity = proxyActivities<
      Record<string, (input: { event: ReceivedEvent }) => Promise<HandlerOutcome>>
    >({
      startToCloseTimeout: handler.timeoutMs,
      retry: {
        maximumAttempts: handler.retry.maximumAttempts,
        initialInterval: handler.retry.initialIntervalMs,
        maximumInterval: handler.retry.maximumIntervalMs,
        backoffCoefficient: handler.retry.backoffCoefficient,
      },
    })[handlerActivityName(handler.name)]!;
    record.runs += 1;
    try {
      const outcome = await activity({ event });
      record.attempts += outcome.attempt;
      record.state = 'succeeded';
      record.lastError = null;
    } catch (error) {
      const message = errorMessage(error);
      record.attempts += attemptsOf(error, handler.retry.maximumAttempts);
      record.state = 'failed';
      record.lastError = message;
      view.lastError = `${handler.name}: ${message}`;
      view.attempts = view.handlers.reduce((sum, h) => sum + h.attempts, 0);
      return `handler ${handler.name} failed after ${record.attempts} attempt(s): ${message}`;
    }
    view.attempts = view.handlers.reduce((sum, h) => sum + h.attempts, 0);
  }
  return null;
}
