/**
 * Which events of one entity were queued together, as Temporal visibility shows it: the
 * service promises causal order among the events waiting for an entity's turn at the same
 * time, not among events that reached it one after another (the first may have run before
 * the second arrived). Snapshots of the waiting events are taken every second during the run.
 */
import type { Client } from '@temporalio/client';
import { setTimeout as sleep } from 'node:timers/promises';
import { waitingEvents } from './visibility';

export const QUEUED_TOGETHER =
  "two events of one entity are queued together when a visibility snapshot shows both waiting (PodiumEventStatus = 'waiting', the same " +
  "PodiumOrderingKey), the sink has been sent neither by its end, neither could go without its entity's *.created by then, and the " +
  "entity's turn is held by a third event throughout it (one the sink was first sent before the snapshot and last answered 200 after it), " +
  'or its *.created has not reached the sink yet; and a *.created is queued together with every other event of its entity unless the ' +
  'entity stopped waiting for it before it arrived there (a dependent queued before it had waited ORDERING_HOLD_TIMEOUT at the entity, or ' +
  "its resource said it was created longer ago than that), arrivals read from the entity workflows' histories (acceptance at the " +
  'receiver for an event with none on record)';

export interface Snapshot {
  startMs: number;
  endMs: number;
  /** Workflow id → ordering key of each event showing as waiting for its turn. */
  waiting: Map<string, string>;
}

export function sampleWaiting(client: Client, everyMs = 1000) {
  const snapshots: Snapshot[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const startMs = Date.now();
      // The server is down for a moment during the run: a failed snapshot is just skipped.
      const waiting = await waitingEvents(client).catch(() => undefined);
      if (waiting) snapshots.push({ startMs, endMs: Date.now(), waiting });
      await sleep(everyMs);
    }
  })();
  return {
    async stop(): Promise<Snapshot[]> {
      stopped = true;
      await loop;
      return snapshots;
    },
  };
}

export interface LedgerView {
  /**
   * Whether this event could have had its turn by then: the sink had been sent it, or its
   * entity had stopped waiting for a missing *.created (created-hold.ts).
   */
  couldHaveRun(workflowId: string, ms: number): boolean;
  /**
   * Whether the entity's turn was held throughout, by an event other than the waiting ones, or
   * by nobody while they wait for its *.created. "Waiting" alone does not say: an event shows
   * as waiting until it has taken in its grant, so the holder itself can show as waiting.
   */
  turnHeldThroughout(orderingKey: string, fromMs: number, toMs: number): boolean;
}

/** Pairs of workflow ids queued together, each once. */
export function pairsQueuedTogether(
  snapshots: Snapshot[],
  ledger: LedgerView,
): Array<[string, string]> {
  const pairs = new Map<string, [string, string]>();
  for (const snapshot of snapshots) {
    const byKey = new Map<string, string[]>();
    for (const [workflowId, key] of snapshot.waiting) {
      if (ledger.couldHaveRun(workflowId, snapshot.endMs)) continue;
      byKey.set(key, [...(byKey.get(key) ?? []), workflowId]);
    }
    for (const [key, ids] of byKey) {
      if (!ledger.turnHeldThroughout(key, snapshot.startMs, snapshot.endMs)) continue;
      for (const [n, a] of ids.entries())
        for (const b of ids.slice(n + 1)) {
          const pair: [string, string] = a < b ? [a, b] : [b, a];
          pairs.set(pair.join(' '), pair);
        }
    }
  }
  return [...pairs.values()];
}
