/**
 * The fault run's processes, each started as production starts it: the embedded Temporal dev
 * server on a SQLite file (the pinned CLI), the worker (`src/worker-main.ts` with the prebuilt
 * workflow bundle) and the receiver (the esbuild bundle with the image's flags). Each can be
 * SIGKILLed and restarted in place: the server on the same file and port, the receiver on the
 * same port, so that neither Podium's URL nor the worker's address changes.
 */
import getPort from 'get-port';
import { startDevServer, type DevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';
import { startServiceProcess, type ServiceProcess } from '../support/service-process';

export type Role = 'worker' | 'receiver' | 'server';

export interface Deployment {
  temporalAddress: string;
  receiverUrl: string;
  /** SIGKILLs one role and starts it again; resolves once it serves. */
  killAndRestart(role: Role): Promise<void>;
  /** Stops everything still running (also after a failure). */
  stopAll(): Promise<void>;
  /** Everything the worker processes wrote, the killed ones' included. */
  workerOutput(): string;
}

async function httpOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** A process that never became ready is killed, not left behind. */
async function readyOrKilled(
  service: ServiceProcess,
  ready: (output: string) => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  try {
    await service.waitFor(ready, timeoutMs);
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
}

export async function deploy(options: {
  dataDir: string;
  serviceEnv: Record<string, string>;
}): Promise<Deployment> {
  const cliPath = findTemporalCli();
  if (!cliPath)
    throw new Error('no Temporal CLI: run `npm run chaos` (it installs the pinned one)');
  const [serverPort, receiverPort] = [await getPort(), await getPort()];
  const startServer = () =>
    startDevServer({
      cliPath,
      dataDir: options.dataDir,
      port: serverPort,
      uiPort: undefined,
      namespace: 'default',
    });
  let server: DevServer | undefined = await startServer();
  const env = { ...options.serviceEnv, TEMPORAL_ADDRESS: server.address, HOST: '127.0.0.1' };
  const receiverUrl = `http://127.0.0.1:${receiverPort}`;

  const startWorker = async () => {
    const worker = startServiceProcess(['--import', 'tsx', 'src/worker-main.ts'], {
      ...env,
      TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
      // It says "worker running" at info.
      LOG_LEVEL: 'info',
    });
    await readyOrKilled(worker, (output) => output.includes('"msg":"worker running"'), 120_000);
    return worker;
  };
  const startReceiver = async () => {
    const receiver = startServiceProcess(['--max-old-space-size=1024', 'dist/receiver-main.js'], {
      ...env,
      PORT: String(receiverPort),
    });
    await readyOrKilled(receiver, () => httpOk(`${receiverUrl}/readyz`), 60_000);
    return receiver;
  };
  const running: Partial<Record<'worker' | 'receiver', ServiceProcess>> = {};
  const stopAll = async () => {
    // A drain that cannot finish (its server gone) must not keep the run from ending.
    await Promise.all(Object.values(running).map((p) => p.stopWithin(15_000)));
    await server?.stop();
    server = undefined;
  };
  try {
    running.worker = await startWorker();
    running.receiver = await startReceiver();
  } catch (error) {
    await stopAll();
    throw error;
  }

  const killedWorkersOutput: string[] = [];
  return {
    temporalAddress: server.address,
    receiverUrl,
    stopAll,
    workerOutput: () => [...killedWorkersOutput, running.worker?.output() ?? ''].join(''),
    async killAndRestart(role) {
      if (role === 'server') {
        if (server?.pid) process.kill(server.pid, 'SIGKILL');
        await server?.stop();
        server = await startServer();
        return;
      }
      await running[role]?.stop('SIGKILL');
      if (role === 'worker') killedWorkersOutput.push(running.worker?.output() ?? '');
      delete running[role];
      running[role] = role === 'worker' ? await startWorker() : await startReceiver();
    },
  };
}
