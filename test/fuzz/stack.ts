/**
 * What the fuzz run aims at: a receiver the caller names (FUZZ_URL and FUZZ_SECRET), or its
 * own stack as production runs it — a Temporal dev server, a worker and the receiver bundle,
 * each its own process, on free loopback ports.
 */
import getPort from 'get-port';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProcess } from '../../bench/processes';
import { startDevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';
import { startReceiverProcess, type ReceiverProcess } from './receiver-process';

export interface Target {
  url: string;
  secret: string;
  /** Set when the run started the receiver: its pid and its whole output. */
  receiver: ReceiverProcess | undefined;
  stop(): Promise<void>;
}

export async function ownStack(secret: string): Promise<Target> {
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('no Temporal CLI: run `npm run fuzz` (it installs one)');
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-fuzz-'));
  const server = await startDevServer({
    cliPath,
    dataDir,
    port: await getPort(),
    uiPort: undefined,
    namespace: 'default',
  });
  const env = {
    PODIUM_WEBHOOK_SECRET: secret,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'fuzz',
    // The most Podium's 5 s allows: a start slowed by the neighbours is not what is fuzzed.
    TEMPORAL_START_TIMEOUT: '4500ms',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    MALLOC_ARENA_MAX: '2',
  };
  // Stopped last-started first: the receiver, the worker, then the server and its folder.
  const stops: Array<() => Promise<void>> = [
    () => server.stop(),
    async () => rmSync(dataDir, { recursive: true, force: true }),
  ];
  const stopAll = async () => {
    for (const stop of stops) await stop();
  };
  try {
    const worker = await startProcess(
      'src/worker-main.ts',
      { ...env, TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js' },
      (out) => out.includes('"msg":"worker running"'),
    );
    stops.unshift(() => worker.stop());
    const port = await getPort();
    const url = `http://127.0.0.1:${port}`;
    const receiver = await startReceiverProcess({ ...env, PORT: String(port) }, url);
    stops.unshift(() => receiver.stop());
    return { url, secret, receiver, stop: stopAll };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
