/**
 * Runs one of the service's entry points as its own process, as production starts it: for the
 * integration tests, the benchmark (bench/processes.ts) and the fault run (test/chaos).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** What is kept of a process's output: a long-running receiver logs a line per request. */
const OUTPUT_KEPT_CHARS = 1_000_000;

export interface ServiceProcess {
  pid: number | undefined;
  /** Everything it wrote to stdout and stderr so far (the last megabyte of it). */
  output(): string;
  /** Waits until `ready(output)` holds; throws with the output if it exits or times out first. */
  waitFor(ready: (output: string) => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once it exits by itself. */
  exited(): Promise<number | null>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
  /** SIGTERM, and SIGKILL if it has not exited within `graceMs`. */
  stopWithin(graceMs: number): Promise<void>;
}

export function startServiceProcess(
  nodeArgs: string[],
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(process.execPath, nodeArgs, {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > OUTPUT_KEPT_CHARS) output = output.slice(-OUTPUT_KEPT_CHARS);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const [code] = await exited;
    return code;
  };
  return {
    pid: child.pid,
    output: () => output,
    exited: async () => (await exited)[0],
    async waitFor(ready, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!(await ready(output))) {
        if (child.exitCode !== null) throw new Error(`exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`not ready after ${timeoutMs} ms:\n${output}`);
        await sleep(100);
      }
    },
    stop,
    async stopWithin(graceMs) {
      await Promise.race([stop('SIGTERM'), sleep(graceMs)]);
      await stop('SIGKILL');
    },
  };
}
