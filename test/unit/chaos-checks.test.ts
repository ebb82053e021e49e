/**
 * The fault run's checks (`npm run chaos`) judge a ledger; here they judge small hand-made
 * ledgers, to show that each one fails on the violation it is there to catch.
 */
import { describe, expect, it } from 'vitest';
import type { SimulatedEvent } from '../../src/simulator/podium-scenarios';
import { eventWorkflowId } from '../../workflows/shared';
import { noForgedWorkflows, repeatsOnlyAtKills, type FaultRun } from '../chaos/checks';
import type { SinkRecord } from '../chaos/ledger-sink';
import { orderKept } from '../chaos/order-check';

const T = 1_000_000;

function contactEvent(step: number, eventType: string): SimulatedEvent {
  const eventUid = `event-${step}`;
  const envelope = { data: {}, metadata: { eventType, eventUid } };
  return { eventUid, eventType, entity: 'contact:c1', step, envelope };
}

const created = contactEvent(0, 'contact.created');
const updated = contactEvent(1, 'contact.updated');
const deleted = contactEvent(2, 'contact.deleted');

function faultRun(sink: SinkRecord[], changes: Partial<FaultRun> = {}): FaultRun {
  const events = [created, updated, deleted];
  return {
    traffic: { deliveries: [], events, forgeries: [] },
    sent: {
      podium: { outcomes: [], attempts: [], stalled: 0, durationMs: 0 },
      acceptedAtMs: new Map(events.map((e) => [e.eventUid, T])),
      forgeryStatuses: [{ kind: 'unsigned', status: 401 }],
    },
    faults: new Map(),
    sink,
    kills: [],
    snapshots: [],
    workflows: events.map((e) => ({
      workflowId: eventWorkflowId(e.eventUid),
      status: 'COMPLETED',
    })),
    bulkRetry: { exitCode: 0, retried: 1 },
    holdTimeoutMs: 600_000,
    arrivals: new Map(),
    ...changes,
  };
}

const effect = (event: SimulatedEvent, atMs: number, status = 200): SinkRecord => ({
  webhookId: event.eventUid,
  atMs,
  status,
});

/** Updated and deleted seen waiting while the created holds the turn (answered 500, then 200). */
const bothWaiting = {
  snapshots: [
    {
      startMs: T + 100,
      endMs: T + 150,
      waiting: new Map([updated, deleted].map((e) => [eventWorkflowId(e.eventUid), e.entity])),
    },
  ],
};

describe('the fault run checks', () => {
  it('passes events that had their effects in causal order', () => {
    const sink = [effect(created, T, 500), effect(created, T + 1000), effect(updated, T + 1100)];
    const check = orderKept(faultRun([...sink, effect(deleted, T + 1200)], bothWaiting));
    expect(check.figures).toContain('2 created-first pairs and 1 other queued-together pairs');
    expect(check.passed).toBe(true);
  });

  it('fails when events queued together had their effects out of causal order', () => {
    const sink = [effect(created, T, 500), effect(created, T + 1000), effect(deleted, T + 1100)];
    const check = orderKept(faultRun([...sink, effect(updated, T + 1200)], bothWaiting));
    expect(check.passed).toBe(false);
    expect(check.figures).toContain('contact.deleted before contact.updated');
  });

  it('does not judge events that were not queued together (the later one ran alone first)', () => {
    const sink = [effect(created, T), effect(deleted, T + 1100), effect(updated, T + 1200)];
    const check = orderKept(faultRun(sink));
    expect(check.figures).toContain('0 other queued-together pairs');
    expect(check.passed).toBe(true);
  });

  it('fails when a dependent had its effect before its *.created', () => {
    const check = orderKept(faultRun([effect(updated, T), effect(created, T + 100)]));
    expect(check.passed).toBe(false);
    expect(check.figures).toContain('contact.updated before contact.created');
  });

  it('accepts a repeated effect next to a worker kill and refuses one elsewhere', () => {
    const sink = [effect(created, T), effect(created, T + 12_000)];
    const kill = { role: 'worker' as const, atMs: T + 500, readyAtMs: T + 5000 };
    expect(repeatsOnlyAtKills(faultRun(sink, { kills: [kill] })).passed).toBe(true);
    const receiverKill = { ...kill, role: 'receiver' as const };
    expect(repeatsOnlyAtKills(faultRun(sink, { kills: [receiverKill] })).passed).toBe(false);
    expect(repeatsOnlyAtKills(faultRun(sink)).passed).toBe(false);
  });

  it('fails on a workflow that no authentic event accounts for', () => {
    const run = faultRun([]);
    expect(noForgedWorkflows(run).passed).toBe(true);
    run.workflows.push({ workflowId: eventWorkflowId('forged-0-x'), status: 'RUNNING' });
    expect(noForgedWorkflows(run).passed).toBe(false);
  });
});
