/** Prints the fault run's figures and its checks, ending with `N passed, M failed`. */
import type { Check, FaultRun } from './checks';
import { QUEUED_TOGETHER } from './queued-together';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printFigures(run: FaultRun, startedAtMs: number, phases: Record<string, number>) {
  const { podium, forgeryStatuses } = run.sent;
  const redeliveries = run.traffic.deliveries.filter((d) => d.duplicate).length;
  const statuses = new Map<number, number>();
  for (const a of podium.attempts) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
  const faults = [...run.faults.values()];
  console.log('\nFigures');
  console.log(
    `  traffic: ${run.traffic.events.length} events in ${run.traffic.deliveries.length} deliveries (${redeliveries} redeliveries), ` +
      `${podium.attempts.length} attempts (${[...statuses].map(([s, n]) => `${s || 'no answer'} ×${n}`).join(', ')}), ` +
      `${forgeryStatuses.length} forged/unsigned`,
  );
  console.log(
    `  handler faults planned: ${faults.filter((f) => f.kind === 'transient').length} transient, ` +
      `${faults.filter((f) => f.kind === 'permanent').length} permanent; sink requests ${run.sink.length}, ` +
      `effects ${run.sink.filter((r) => r.status === 200).length}`,
  );
  for (const k of run.kills)
    console.log(
      `  SIGKILL ${k.role.padEnd(8)} at +${seconds(k.atMs - startedAtMs)}, serving again after ${seconds(k.readyAtMs - k.atMs)}`,
    );
  console.log(
    `  phases: ${Object.entries(phases)
      .map(([name, ms]) => `${name} ${seconds(ms)}`)
      .join(', ')}`,
  );
  const lostTasks = new Set([...run.lostTasks.values()].flat());
  console.log(
    `  entity workflow tasks lost (timed out after a worker started them): ${lostTasks.size}, ` +
      `on the entities of ${run.lostTasks.size} events`,
  );
  console.log(`  queued together: ${QUEUED_TOGETHER}`);
}

/** The worker's warnings by message (pino's level 40 and up), e.g. a turn released for a gone event. */
export function printWorkerWarnings(output: string) {
  const counts = new Map<string, number>();
  for (const line of output.split('\n')) {
    const entry = (() => {
      try {
        return JSON.parse(line) as { level?: number; msg?: string };
      } catch {
        return undefined;
      }
    })();
    if (entry?.level !== undefined && entry.level >= 40) {
      const msg = String(entry.msg).slice(0, 120);
      counts.set(msg, (counts.get(msg) ?? 0) + 1);
    }
  }
  const lines = [...counts].map(([msg, n]) => `${n} × ${msg}`);
  console.log(`  worker warnings: ${lines.length ? lines.join('; ') : 'none'}`);
}

/** Prints each check; returns how many failed. */
export function printChecks(checks: Check[]): number {
  console.log('\nChecks');
  for (const c of checks)
    console.log(`  ${c.passed ? 'PASS' : 'FAIL'} ${c.name}\n       ${c.figures}`);
  const failed = checks.filter((c) => !c.passed).length;
  console.log(`\n${checks.length - failed} passed, ${failed} failed`);
  return failed;
}
