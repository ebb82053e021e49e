/**
 * The fault run's promises, each judged from what an outsider sees: the sink's ledger, the
 * receiver's answers, Temporal visibility and the CLI. Each check returns its figures, so a
 * pass says how much it covered.
 */
import { eventWorkflowId } from '../../workflows/shared';
import type { Arrivals } from './entity-arrivals';
import type { HandlerFault } from './fault-plan';
import type { KillRecord } from './kills';
import type { SinkRecord } from './ledger-sink';
import type { LostTasks } from './lost-tasks';
import { orderKept } from './order-check';
import type { Snapshot } from './queued-together';
import type { Traffic, TrafficOutcome } from './traffic';
import type { EventWorkflow } from './visibility';

export interface FaultRun {
  traffic: Traffic;
  sent: TrafficOutcome;
  faults: Map<string, HandlerFault>;
  sink: SinkRecord[];
  kills: KillRecord[];
  snapshots: Snapshot[];
  workflows: EventWorkflow[];
  bulkRetry: { exitCode: number | null; retried: number };
  holdTimeoutMs: number;
  /** When each event reached its entity's workflow, from the entity histories. */
  arrivals: Arrivals;
  /** The entity workflow tasks a kill lost, from the entity histories. */
  lostTasks: LostTasks;
}

export interface Check {
  name: string;
  passed: boolean;
  figures: string;
}

/** A repeated effect is explained by a kill when the effect before it is this close to it. */
export const KILL_WINDOW_MS = 2000;

export const check = (name: string, passed: boolean, figures: string): Check => ({
  name,
  passed,
  figures,
});
export const some = (ids: string[]) => (ids.length ? `: ${ids.slice(0, 5).join(', ')}` : '');

function effectTimes(run: FaultRun): Map<string, number[]> {
  const times = new Map<string, number[]>();
  for (const r of run.sink)
    if (r.status === 200) times.set(r.webhookId, [...(times.get(r.webhookId) ?? []), r.atMs]);
  return times;
}

export function verifiedRequests(run: FaultRun): Check {
  const bad = run.sink.filter((r) => r.problem);
  return check(
    'every forwarded request signed (Standard Webhooks) with the exact body Podium signed',
    run.sink.length > 0 && bad.length === 0,
    `${run.sink.length} requests, ${bad.length} unverified${some(bad.map((r) => `${r.webhookId} (${r.problem})`))}`,
  );
}

export function nothingLost(run: FaultRun): Check {
  const effects = effectTimes(run);
  const lost = run.traffic.events.filter((e) => !effects.has(e.eventUid)).map((e) => e.eventUid);
  const { outcomes, stalled } = run.sent.podium;
  const gaveUp = outcomes.filter((o) => o.result.startsWith('gave up')).length;
  return check(
    "0 lost: every unique authentic event's effect delivered, every delivery acknowledged",
    lost.length === 0 && gaveUp === 0 && stalled === 0,
    `${run.traffic.events.length} events, ${effects.size} with an effect, ${lost.length} lost${some(lost)}; Podium gave up on ${gaveUp}, stalled ${stalled}`,
  );
}

/**
 * A repeat is explained by a worker or server kill when the effect it repeats was either within
 * the kill window, or inside a workflow task of its entity that a kill lost: the task was
 * started before the kill and timed out after it (an inline attempt runs in the entity's task).
 */
export function repeatsOnlyAtKills(run: FaultRun): Check {
  const kills = run.kills.filter((k) => k.role !== 'receiver');
  const nearKill = (ms: number) => kills.some((k) => Math.abs(ms - k.atMs) <= KILL_WINDOW_MS);
  const inLostTask = (id: string, ms: number) =>
    (run.lostTasks.get(id) ?? []).some(
      (span) =>
        span.startedAtMs <= ms &&
        ms <= span.timedOutAtMs &&
        kills.some((k) => span.startedAtMs <= k.atMs && k.atMs <= span.timedOutAtMs),
    );
  let repeats = 0;
  let byLostTask = 0;
  const unexplained: string[] = [];
  for (const [id, times] of effectTimes(run))
    for (const [n, ms] of times.slice(1).entries()) {
      repeats += 1;
      if (nearKill(times[n]!)) continue;
      if (inLostTask(id, times[n]!)) byLostTask += 1;
      else unexplained.push(`${id} +${ms - times[n]!} ms`);
    }
  return check(
    `repeated effects only at a worker or server kill (within ±${KILL_WINDOW_MS / 1000} s, or in an entity workflow task it lost), with the same webhook-id`,
    unexplained.length === 0,
    `${repeats} repeated effects (each under its event's webhook-id), ${byLostTask} of them in a lost workflow task, ${unexplained.length} unexplained${some(unexplained)}`,
  );
}

export function noForgedWorkflows(run: FaultRun): Check {
  const authentic = new Set(run.traffic.events.map((e) => eventWorkflowId(e.eventUid)));
  const strangers = run.workflows.filter((w) => !authentic.has(w.workflowId));
  const answered = run.sent.forgeryStatuses.filter((f) => f.status !== 0);
  const let_in = answered.filter((f) => f.status < 400 || f.status >= 500);
  const statuses = [...new Set(answered.map((f) => f.status))].join('/');
  return check(
    '0 workflows from forged or unsigned deliveries, each refused',
    strangers.length === 0 && let_in.length === 0 && answered.length > 0,
    `${run.sent.forgeryStatuses.length} forged/unsigned sent, ${answered.length} answered (${statuses || '-'}), ${let_in.length} not refused; ${strangers.length} workflows not from an authentic event${some(strangers.map((w) => w.workflowId))}`,
  );
}

export function everyEventClosed(run: FaultRun): Check {
  const byStatus = new Map<string, number>();
  for (const w of run.workflows) byStatus.set(w.status, (byStatus.get(w.status) ?? 0) + 1);
  const completed = byStatus.get('COMPLETED') ?? 0;
  const unique = run.traffic.events.length;
  return check(
    'every event workflow closed (completed), one per unique authentic event',
    completed === unique && run.workflows.length === unique,
    `${run.workflows.length} event workflows for ${unique} events: ${[...byStatus].map(([s, n]) => `${n} ${s.toLowerCase()}`).join(', ')}`,
  );
}

export function faultsHappened(run: FaultRun): Check {
  const kills = (role: string) => run.kills.filter((k) => k.role === role).length;
  const answered = (status: number) => run.sink.filter((r) => r.status === status).length;
  const passed =
    kills('worker') === 3 &&
    kills('receiver') === 1 &&
    kills('server') === 1 &&
    answered(500) > 0 &&
    answered(400) > 0 &&
    run.bulkRetry.exitCode === 0 &&
    run.bulkRetry.retried > 0;
  return check(
    'the faults happened: 3 worker, 1 receiver, 1 server kill; 500s and 400s; a bulk retry',
    passed,
    `kills: worker ${kills('worker')}, receiver ${kills('receiver')}, server ${kills('server')}; sink answered 500 ×${answered(500)}, 400 ×${answered(400)}; CLI retried ${run.bulkRetry.retried} parked (exit ${run.bulkRetry.exitCode})`,
  );
}

export const CHECKS = [
  faultsHappened,
  verifiedRequests,
  nothingLost,
  repeatsOnlyAtKills,
  orderKept,
  noForgedWorkflows,
  everyEventClosed,
];
