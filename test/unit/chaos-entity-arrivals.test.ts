/**
 * The fault run reads when each event reached its entity from the entity workflows' histories
 * (test/chaos/entity-arrivals.ts); here from a hand-made history.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { msNumberToTs } from '@temporalio/common/lib/time';
import proto from '@temporalio/proto';
import { describe, expect, it } from 'vitest';
import type { TurnTicket } from '../../workflows/ordering/messages';
import { enqueueSignals, firstArrivals } from '../chaos/entity-arrivals';

const { EventType } = proto.temporal.api.enums.v1;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

const ticket = (eventId: string, resourceCreatedAt: string | null = null): TurnTicket => ({
  eventId,
  eventWorkflowId: `podium-event-${eventId}`,
  eventRunId: 'run-1',
  eventType: 'contact.updated',
  resourceTime: null,
  resourceCreatedAt,
  handlers: [],
  releaseTurnOnPark: false,
  latePolicy: 'run',
  event: null,
});

const signaled = (atMs: number, signalName: string, arg: unknown): HistoryEvent => ({
  eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
  eventTime: msNumberToTs(atMs),
  workflowExecutionSignaledEventAttributes: {
    signalName,
    input: { payloads: [defaultPayloadConverter.toPayload(arg)] },
  },
});

describe("the entity workflows' arrivals", () => {
  it("reads each event's enqueue signals, with their tickets, and nothing else", () => {
    const history = {
      events: [
        { eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, eventTime: msNumberToTs(1) },
        signaled(1000, 'internal:enqueue', ticket('e1', '2026-01-01T00:00:00.000Z')),
        signaled(1500, 'internal:turnAction', { eventId: 'e1', action: 'retry' }),
      ],
    };
    expect(enqueueSignals(history)).toEqual([
      { atMs: 1000, ticket: ticket('e1', '2026-01-01T00:00:00.000Z') },
    ]);
  });

  it('keeps the first arrival of an event signalled again (a repeat, or a later run)', () => {
    const signals = [
      { atMs: 3000, ticket: ticket('e1') },
      { atMs: 1000, ticket: ticket('e1', '2026-01-01T00:00:00.000Z') },
      { atMs: 2000, ticket: ticket('e2') },
    ];
    expect(firstArrivals(signals)).toEqual(
      new Map([
        ['e1', { atMs: 1000, resourceCreatedAt: '2026-01-01T00:00:00.000Z' }],
        ['e2', { atMs: 2000, resourceCreatedAt: null }],
      ]),
    );
  });
});
