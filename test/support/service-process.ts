/** Runs one of the service's entry points as its own process, as production starts it. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Waits until `ready(output)` holds; throws with the output if it exits or times out first. */
  waitFor(ready: (output: string) => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Resolves with the exit code once it exits by itself. */
  exited(): Promise<number | null>;
  /** Sends `signal` and resolves with the exit code. */
  stop(signal: NodeJS.Signals): Promise<number | null>;
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
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return {
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
    async stop(signal) {
      if (child.exitCode === null) child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}
