/**
 * CPU time of the benchmark's processes, from /proc: to charge each phase's work to the
 * process that did it, and to wait for the Temporal server to finish the work a phase left
 * behind (visibility and transfer tasks run after the starts are acknowledged) before the
 * next phase is measured.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU time the process has used so far, in ms. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/**
 * Waits until the process uses less than `belowShare` of one core over a whole second, two
 * seconds in a row, or `maxMs` passed. Returns the ms waited.
 */
export async function waitUntilQuiet(
  pid: number,
  { belowShare = 0.1, maxMs = 60_000 } = {},
): Promise<number> {
  const began = Date.now();
  let quietSeconds = 0;
  let before = cpuMs(pid);
  while (quietSeconds < 2 && Date.now() - began < maxMs) {
    await sleep(1000);
    const now = cpuMs(pid);
    quietSeconds = now - before < belowShare * 1000 ? quietSeconds + 1 : 0;
    before = now;
  }
  return Date.now() - began;
}

/** The processes a phase's CPU is charged to; no server pid on a remote cluster. */
export interface PhasePids {
  server: number | undefined;
  worker: number;
}

/** Starts counting the processes' CPU; the function returned gives it per event done since. */
export function cpuPerEvent(pids: PhasePids): (done: number) => { server: number; worker: number } {
  const cpuOf = () => ({
    server: pids.server ? cpuMs(pids.server) : 0,
    worker: cpuMs(pids.worker),
  });
  const before = cpuOf();
  return (done) => {
    const after = cpuOf();
    const perEvent = (ms: number) => (done > 0 ? ms / done : 0);
    return {
      server: perEvent(after.server - before.server),
      worker: perEvent(after.worker - before.worker),
    };
  };
}
