/**
 * The embedded Temporal dev server, for running the service on one machine with nothing else
 * installed: `temporal server start-dev` with a SQLite file under the data folder, the Web UI,
 * and the project's search attributes registered.
 */
import { Connection } from '@temporalio/client';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/shared';
import { EMBEDDED_RETENTION_DAYS, setRetentionDays } from './namespace';

export interface DevServerOptions {
  cliPath: string;
  /** Folder for the SQLite file; undefined keeps everything in memory (tests). */
  dataDir: string | undefined;
  /**
   * SQLite's `synchronous` with a write-ahead log. `normal` survives any process crash but may
   * lose the last commits on power loss; `full` fsyncs every commit (about 0.3 s a start on a
   * slow disk). Default `normal`: the embedded server is for one machine; production runs
   * Temporal on PostgreSQL.
   */
  sqliteSynchronous?: 'normal' | 'full';
  ip?: string;
  port: number;
  /** Undefined: no Web UI (headless). */
  uiPort: number | undefined;
  namespace: string;
  /** Serve the server's Prometheus metrics here (`/metrics`); undefined: a port of its choosing. */
  metricsPort?: number;
  /** Where the server's own log lines go (default: dropped). */
  onOutput?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface DevServer {
  address: string;
  /** The server process (the benchmark reads its CPU time). */
  pid: number | undefined;
  uiUrl: string | undefined;
  stop(): Promise<void>;
}

async function waitUntilServing(
  address: string,
  child: ChildProcess,
  timeoutMs: number,
): Promise<Connection> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`temporal server start-dev exited with code ${child.exitCode}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      await connection.workflowService.getSystemInfo({});
      return connection;
    } catch (error) {
      lastError = error;
      await sleep(250);
    }
  }
  throw new Error(
    `Temporal dev server not ready at ${address} after ${timeoutMs} ms: ${String(lastError)}`,
  );
}

/**
 * Dynamic config for the embedded server, on top of the CLI's own defaults. Each one is
 * measured by `npm run bench` (README, Performance); none changes what the service promises.
 */
export const EMBEDDED_DYNAMIC_CONFIG: Readonly<Record<string, boolean | number>> = {
  // The CLI re-reads the search-attribute table from SQLite on every start and upsert, so
  // that attributes created at run time are seen at once. Ours are all created by
  // `--search-attribute` before the server serves, so the cache is always right.
  'system.forceSearchAttributesCacheRefreshOnRead': false,
  // One task-queue partition: on a single node, more only adds forwarding between them.
  'matching.numTaskqueueReadPartitions': 1,
  'matching.numTaskqueueWritePartitions': 1,
  // A handler activity scheduled by a workflow task goes back to the same worker in the
  // reply, without a trip through matching, when that worker has a free slot.
  'system.enableActivityEagerExecution': true,
  // Each visibility row has some fifty indexes here, and SQLite has one writer: with the
  // default 512 workers, a burst of visibility writes queues in front of every start.
  'history.visibilityProcessorSchedulerWorkerCount': 2,
};

/** The address the embedded server listens on: loopback unless told otherwise. */
const ipOf = (options: DevServerOptions) => options.ip ?? '127.0.0.1';

/** The `temporal` arguments for the embedded server. */
export function devServerArgs(options: DevServerOptions): string[] {
  const ip = ipOf(options);
  const args = [
    'server',
    'start-dev',
    '--ip',
    ip,
    '--port',
    String(options.port),
    '--log-level',
    'error',
  ];
  if (options.dataDir) {
    args.push('--db-filename', join(resolve(options.dataDir), 'temporal.sqlite'));
    args.push('--sqlite-pragma', 'journal_mode=wal');
    args.push('--sqlite-pragma', `synchronous=${options.sqliteSynchronous ?? 'normal'}`);
  }
  if (options.uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(options.uiPort));
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  if (options.metricsPort !== undefined) args.push('--metrics-port', String(options.metricsPort));
  for (const key of SEARCH_ATTRIBUTE_KEYS) args.push('--search-attribute', `${key.name}=Keyword`);
  for (const [key, value] of Object.entries(EMBEDDED_DYNAMIC_CONFIG))
    args.push('--dynamic-config-value', `${key}=${JSON.stringify(value)}`);
  return args;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const ip = ipOf(options);
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(options.cliPath, devServerArgs(options), {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forward = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n'))
      if (line.trim()) options.onOutput?.(line);
  };
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const address = `${ip}:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) child.kill('SIGKILL');
    }
    await exited;
  };
  try {
    const connection = await waitUntilServing(address, child, options.readyTimeoutMs ?? 60_000);
    // The retention is the dedup window: Podium may redeliver up to ~10 days later.
    await setRetentionDays(connection, options.namespace, EMBEDDED_RETENTION_DAYS);
    await connection.close();
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    address,
    pid: child.pid,
    uiUrl:
      options.uiPort === undefined
        ? undefined
        : `http://${ip === '0.0.0.0' ? 'localhost' : ip}:${options.uiPort}`,
    stop,
  };
}
