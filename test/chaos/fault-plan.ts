/**
 * What goes wrong during the fault run, decided up front from the seed: which events the sink
 * fails (transiently for their first attempt or two, or permanently until "fixed"), and at what
 * point of the traffic each process is SIGKILLed.
 */
import { shuffleInPlace, type Random } from '../../src/simulator/random';
import type { Role } from './processes';

export type HandlerFault = { kind: 'transient'; failures: 1 | 2 } | { kind: 'permanent' };

export const TRANSIENT_SHARE = 0.05;
export const PERMANENT_SHARE = 0.01;

/** Each event's fault, if any: 5 % transient (500 once or twice), 1 % permanent (400). */
export function planHandlerFaults(eventIds: string[], random: Random): Map<string, HandlerFault> {
  const ids = shuffleInPlace([...eventIds], random);
  const permanent = Math.max(1, Math.round(ids.length * PERMANENT_SHARE));
  const transient = Math.max(1, Math.round(ids.length * TRANSIENT_SHARE));
  const faults = new Map<string, HandlerFault>();
  for (const id of ids.slice(0, permanent)) faults.set(id, { kind: 'permanent' });
  for (const id of ids.slice(permanent, permanent + transient))
    faults.set(id, { kind: 'transient', failures: random() < 0.5 ? 1 : 2 });
  return faults;
}

/** The sink's answer to an event's n-th request (1-based). */
export function answerFor(fault: HandlerFault | undefined, request: number, fixed: boolean) {
  if (fault?.kind === 'permanent' && !fixed) return 400;
  if (fault?.kind === 'transient' && request <= fault.failures) return 500;
  return 200;
}

export interface ProcessKill {
  role: Role;
  /** Share of the deliveries sent (first attempts) after which it happens. */
  afterShare: number;
}

/**
 * Three worker kills, one receiver kill and one Temporal server kill, spread over the traffic
 * and each after the previous one's restart, all before the last quarter of the deliveries so
 * that traffic still flows after each restart.
 */
export const PROCESS_KILLS: readonly ProcessKill[] = [
  { role: 'worker', afterShare: 0.1 },
  { role: 'receiver', afterShare: 0.22 },
  { role: 'worker', afterShare: 0.34 },
  { role: 'server', afterShare: 0.48 },
  { role: 'worker', afterShare: 0.62 },
];
