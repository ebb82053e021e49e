/**
 * The benchmark's child processes: the receiver, the worker and the helper servers each run in
 * their own Node process, started as production starts it, so that each one's
 * peak resident memory is its own, read from /proc (VmHWM).
 */

import { readFileSync } from 'node:fs';
import { startServiceProcess } from '../test/support/service-process';

export interface BenchProcess {
  pid: number;
  /** Peak resident set size since the process started (MB). */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/**
 * Starts `node [nodeArgs] <entry>` — through tsx's loader for a `.ts` entry, as production runs
 * it — with no wrapper process, and waits until `ready` says so.
 */
export async function startProcess(
  entry: string,
  env: Record<string, string>,
  ready: (output: string) => boolean | Promise<boolean>,
  { nodeArgs = [], timeoutMs = 60_000 }: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<BenchProcess> {
  const child = startServiceProcess(
    [...nodeArgs, ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry],
    env,
  );
  try {
    await child.waitFor(ready, timeoutMs);
  } catch (error) {
    await child.stop('SIGKILL');
    throw new Error(`${entry}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const pid = child.pid!;
  return { pid, peakRssMb: () => peakRssMb(pid), stop: () => child.stopWithin(15_000) };
}

export async function httpReady(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
