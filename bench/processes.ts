/**
 * The benchmark's child processes: the receiver, the worker and the helper servers each run in
 * their own Node process, started as production starts it, so that each one's
 * peak resident memory is its own, read from /proc (VmHWM).
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

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

function wrap(child: ChildProcess): BenchProcess {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    peakRssMb: () => peakRssMb(child.pid!),
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
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
  const child = spawn(
    process.execPath,
    [...nodeArgs, ...(entry.endsWith('.ts') ? ['--import', 'tsx'] : []), entry],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const deadline = Date.now() + timeoutMs;
  while (!(await ready(output))) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${output}`);
    if (Date.now() > deadline)
      throw new Error(`${entry} not ready after ${timeoutMs} ms:\n${output}`);
    await sleep(100);
  }
  return wrap(child);
}

export async function httpReady(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}
