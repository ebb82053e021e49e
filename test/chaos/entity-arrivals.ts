/**
 * When each event reached its entity's workflow: the first `internal:enqueue` signal carrying
 * its ticket, in the histories of every run of every entity workflow (continue-as-new and
 * idle-ended runs included). The ordering rules count the hold for a missing `*.created` from
 * there (workflows/ordering/entity-queue.ts, `enqueuedAtMs`), and under a backlog that can be
 * minutes after the receiver accepted the event: only the entity's history says when. This is
 * the one place the fault run reads a workflow's internals, and only to know when to expect an
 * order; the order itself is still judged from the sink's ledger.
 */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { tsToMs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { enqueueSignal, type TurnTicket } from '../../workflows/ordering/messages';

export const ENTITY_WORKFLOWS = `WorkflowType = 'entityWorkflow'`;
const { EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED } = proto.temporal.api.enums.v1.EventType;
type History = proto.temporal.api.history.v1.IHistory;
/** Histories fetched at once: the server shares two cores with the rest of the run. */
const PARALLEL_FETCHES = 4;

export interface Arrival {
  /** When the entity's history recorded the signal (the entity queues it on its next task). */
  atMs: number;
  /** The ticket's: when the resource itself says it was created (ISO), if it says. */
  resourceCreatedAt: string | null;
}

/** Podium event id → its first arrival at its entity. */
export type Arrivals = Map<string, Arrival>;

export interface EnqueueSignal {
  atMs: number;
  ticket: TurnTicket;
}

/** The `internal:enqueue` signals in one run's history, in its order. */
export function enqueueSignals(history: History): EnqueueSignal[] {
  return (history.events ?? []).flatMap((event) => {
    const signaled = event.workflowExecutionSignaledEventAttributes;
    if (event.eventType !== EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) return [];
    if (signaled?.signalName !== enqueueSignal.name) return [];
    const payload = signaled.input?.payloads?.[0];
    if (!payload) return [];
    const ticket = defaultPayloadConverter.fromPayload<TurnTicket>(payload);
    return [{ atMs: tsToMs(event.eventTime), ticket }];
  });
}

/** Each event's earliest enqueue (a redelivery or a rerun signals again, later). */
export function firstArrivals(signals: Iterable<EnqueueSignal>): Arrivals {
  const arrivals: Arrivals = new Map();
  for (const { atMs, ticket } of signals) {
    const earlier = arrivals.get(ticket.eventId);
    if (earlier && earlier.atMs <= atMs) continue;
    arrivals.set(ticket.eventId, { atMs, resourceCreatedAt: ticket.resourceCreatedAt });
  }
  return arrivals;
}

export async function readEntityArrivals(client: Client): Promise<Arrivals> {
  const runs: Array<{ workflowId: string; runId: string }> = [];
  for await (const execution of client.workflow.list({ query: ENTITY_WORKFLOWS, pageSize: 1000 }))
    runs.push({ workflowId: execution.workflowId, runId: execution.runId });
  const signals: EnqueueSignal[] = [];
  const fetchNext = async (): Promise<void> => {
    for (let run = runs.pop(); run; run = runs.pop()) {
      const history = await client.workflow.getHandle(run.workflowId, run.runId).fetchHistory();
      signals.push(...enqueueSignals(history));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_FETCHES }, fetchNext));
  return firstArrivals(signals);
}
