/**
 * The receiver as production runs it (the esbuild bundle with the image's heap flag), in its
 * own process, with everything it writes kept whole: the fuzz run scans its log afterwards,
 * and reads its memory from /proc.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpReady } from '../../bench/processes';

export interface ReceiverProcess {
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/** Resident memory now (VmRSS), or since start (VmHWM), in MB. */
export function rssMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export async function startReceiverProcess(
  env: Record<string, string>,
  url: string,
): Promise<ReceiverProcess> {
  const child = spawn(process.execPath, ['--max-old-space-size=1024', 'dist/receiver-main.js'], {
    env: { ...process.env, MALLOC_ARENA_MAX: '2', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
  const output = () => Buffer.concat(chunks).toString('utf8');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  while (!(await httpReady(`${url}/readyz`))) {
    if (child.exitCode !== null) throw new Error(`the receiver exited early:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the receiver is not ready:\n${output()}`);
    await sleep(200);
  }
  return {
    pid: child.pid!,
    output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, sleep(15_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}
