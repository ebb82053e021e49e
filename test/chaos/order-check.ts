/**
 * Per-entity order, judged from the sink's ledger: for each pair of events queued together,
 * the one earlier in its entity's causal order (the simulator's) had its effect first. When a
 * dependent could go without its `*.created` is measured as its entity does (created-hold.ts).
 */
import type { SimulatedEvent } from '../../src/simulator/podium-scenarios';
import { eventWorkflowId } from '../../workflows/shared';
import { check, some, type Check, type FaultRun } from './checks';
import { createdHold } from './created-hold';
import { pairsQueuedTogether, type LedgerView } from './queued-together';

interface Timeline {
  firstRequest?: number;
  firstEffect?: number;
  lastEffect?: number;
}

function timelines(run: FaultRun): Map<string, Timeline> {
  const byId = new Map<string, Timeline>();
  for (const r of run.sink) {
    const t = byId.get(r.webhookId) ?? {};
    t.firstRequest ??= r.atMs;
    if (r.status === 200) [t.firstEffect, t.lastEffect] = [t.firstEffect ?? r.atMs, r.atMs];
    byId.set(r.webhookId, t);
  }
  return byId;
}

type CreatedHold = ReturnType<typeof createdHold>;

function ledgerView(run: FaultRun, sink: Map<string, Timeline>, hold: CreatedHold): LedgerView {
  const byWorkflow = new Map(run.traffic.events.map((e) => [eventWorkflowId(e.eventUid), e]));
  const byEntity = new Map<string, SimulatedEvent[]>();
  for (const e of run.traffic.events)
    byEntity.set(e.entity, [...(byEntity.get(e.entity) ?? []), e]);
  const sentBy = (e: SimulatedEvent, ms: number) =>
    (sink.get(e.eventUid)?.firstRequest ?? ms + 1) <= ms;
  return {
    couldHaveRun(workflowId, ms) {
      const event = byWorkflow.get(workflowId);
      return !event || sentBy(event, ms) || hold.overBy(event, ms);
    },
    turnHeldThroughout(key, fromMs, toMs) {
      return (byEntity.get(key) ?? []).some((e) => {
        const t = sink.get(e.eventUid);
        const holds =
          t?.firstRequest !== undefined &&
          t.firstRequest <= fromMs &&
          (t.lastEffect ?? Infinity) >= toMs;
        const createdStillToCome = e.eventType.endsWith('.created') && !sentBy(e, toMs);
        return holds || createdStillToCome;
      });
    },
  };
}

export function orderKept(run: FaultRun): Check {
  const sink = timelines(run);
  const hold = createdHold({
    events: run.traffic.events,
    arrivals: run.arrivals,
    acceptedAtMs: run.sent.acceptedAtMs,
    holdTimeoutMs: run.holdTimeoutMs,
  });
  const misordered: string[] = [];
  const judge = (a: SimulatedEvent, b: SimulatedEvent) => {
    const [early, late] = a.step < b.step ? [a, b] : [b, a];
    const [e, l] = [sink.get(early.eventUid)?.firstEffect, sink.get(late.eventUid)?.firstEffect];
    if (e !== undefined && l !== undefined && e > l)
      misordered.push(`${early.entity}: ${late.eventType} before ${early.eventType}`);
  };
  // A *.created goes before every other event of its entity, unless the entity stopped
  // waiting for it before it arrived.
  let creationPairs = 0;
  let exempt = 0;
  for (const created of run.traffic.events.filter((e) => e.eventType.endsWith('.created'))) {
    for (const other of run.traffic.events) {
      if (other.entity !== created.entity || other === created) continue;
      if (hold.mayPrecedeCreated(created, other)) {
        exempt += 1;
        continue;
      }
      creationPairs += 1;
      judge(created, other);
    }
  }
  const byWorkflow = new Map(run.traffic.events.map((e) => [eventWorkflowId(e.eventUid), e]));
  const pairs = pairsQueuedTogether(run.snapshots, ledgerView(run, sink, hold));
  for (const [a, b] of pairs) judge(byWorkflow.get(a)!, byWorkflow.get(b)!);
  const noArrival = run.traffic.events.filter((e) => !run.arrivals.has(e.eventUid)).length;
  return check(
    'per-entity order kept for events queued together',
    misordered.length === 0 && creationPairs + pairs.length > 0,
    `${creationPairs} created-first pairs and ${pairs.length} other queued-together pairs (from ${run.snapshots.length} snapshots), ` +
      `${misordered.length} out of causal order${some(misordered)}; ` +
      `${exempt} exempt created-first pairs (the entity stopped waiting for the *.created before it arrived); ` +
      `${noArrival} events with no arrival on record at their entity, judged by acceptance`,
  );
}
