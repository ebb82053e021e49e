/**
 * `npm run bench:memory`: what parked events cost a worker's memory, with the SDK's default
 * workflow cache (sized from the heap limit) and with WORKER_MAX_CACHED_WORKFLOWS. For each
 * cache size, a fresh worker process (as `npm run start:worker` runs it) forwards every event
 * to a target that answers 400, so each event parks after one attempt; the worker's resident
 * memory is read before and after PARKED_EVENTS (default 500) are parked. Prints figures; not
 * a test. PARKED_CACHE_SIZES (comma-separated) replaces the two sizes compared; PARKED_BODY_KIB
 * pads each event's body (default: none, a contact.created of about 500 bytes).
 */
import { Client, Connection } from '@temporalio/client';
import getPort from 'get-port';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../src/config';
import { createEventStarter, TemporalUnavailableError } from '../src/receiver/start-event';
import { startDevServer } from '../src/temporal/dev-server';
import { findTemporalCli } from '../src/temporal/find-temporal-cli';
import { podiumBody, podiumEvent } from '../test/support/podium-events';
import type { ReceivedEvent } from '../workflows/shared';
import { startProcess } from './processes';
import { receivedEvent } from './direct-event';

const EVENTS = Number(process.env.PARKED_EVENTS ?? 500);

/** The SDK 1.24 default for a reused V8 context: 600 workflows per GiB of heap over 200 MiB. */
function sdkDefaultCacheSize(): number {
  const heapMiB = getHeapStatistics().heap_size_limit / 1024 / 1024;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}

function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mb = (key: string) =>
    Math.round(Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024);
  return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}

/** Padding in each event's data (PARKED_BODY_KIB): a cached workflow holds its input. */
const PADDING = 'x'.repeat(Number(process.env.PARKED_BODY_KIB ?? 0) * 1024);

function contactCreated(): ReceivedEvent {
  const envelope = podiumEvent('contact.created', PADDING ? { data: { notes: PADDING } } : {});
  return receivedEvent(String(envelope.metadata.eventUid), 'contact.created', podiumBody(envelope));
}

/** A forwarding target that refuses everything for good: every event parks at once. */
async function refusingTarget(): Promise<{ url: string; close(): void }> {
  const port = await getPort();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(400).end('refused for the benchmark'));
  }).listen(port, '127.0.0.1');
  return { url: `http://127.0.0.1:${port}/in`, close: () => server.close() };
}

async function parkedCount(client: Client, taskQueue: string): Promise<number> {
  const query = `TaskQueue = '${taskQueue}' AND PodiumEventStatus = 'parked'`;
  return (await client.workflow.count(query)).count;
}

async function measure(client: Client, address: string, target: string, cacheSize: number) {
  const taskQueue = `parked-memory-${randomUUID()}`;
  const worker = await startProcess(
    'src/worker-main.ts',
    {
      PODIUM_WEBHOOK_SECRET: 'bench-secret',
      TEMPORAL_ADDRESS: address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
      WORKER_MAX_CACHED_WORKFLOWS: String(cacheSize),
      FORWARD_URL: target,
      FORWARD_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      LOG_LEVEL: 'info',
      MALLOC_ARENA_MAX: '2',
    },
    (out) => out.includes('"msg":"worker running"'),
  );
  await sleep(2000);
  const before = memoryMb(worker.pid);
  const starter = createEventStarter(client, taskQueue, 4000);
  const began = Date.now();
  /** As Podium would: a start Temporal did not take in time is sent again (then a duplicate). */
  const startOnce = async (event: ReceivedEvent): Promise<void> => {
    for (;;) {
      try {
        await starter.start(event);
        return;
      } catch (error) {
        if (!(error instanceof TemporalUnavailableError)) throw error;
      }
    }
  };
  for (let i = 0; i < EVENTS; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, EVENTS - i) }, () => startOnce(contactCreated())),
    );
  }
  while ((await parkedCount(client, taskQueue)) < EVENTS) await sleep(1000);
  const parkedSeconds = (Date.now() - began) / 1000;
  await sleep(5000);
  const after = memoryMb(worker.pid);
  await worker.stop();
  return { cacheSize, before, after, parkedSeconds };
}

async function main() {
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('No Temporal CLI: run `npm run bench:memory` (it installs one)');
  const server = await startDevServer({
    cliPath,
    dataDir: undefined,
    port: await getPort(),
    uiPort: undefined,
    namespace: 'default',
  });
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const target = await refusingTarget();
  const bodyBytes = Buffer.byteLength(contactCreated().body);
  const sdkDefault = sdkDefaultCacheSize();
  const sizes = process.env.PARKED_CACHE_SIZES
    ? process.env.PARKED_CACHE_SIZES.split(',').map(Number)
    : [sdkDefault, DEFAULT_MAX_CACHED_WORKFLOWS];
  console.log(`${EVENTS} events parked per worker, bodies of ${bodyBytes} bytes`);
  console.log(`SDK default cache on this heap: ${sdkDefault} workflows`);
  console.log(
    '| cached workflows | RSS before MB | RSS after parking MB | peak RSS MB | seconds to park |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  try {
    for (const size of sizes) {
      const r = await measure(client, server.address, target.url, size);
      console.log(
        `| ${r.cacheSize} | ${r.before.rss} | ${r.after.rss} | ${r.after.peak} | ${r.parkedSeconds.toFixed(1)} |`,
      );
    }
  } finally {
    target.close();
    await client.connection.close();
    await server.stop();
  }
}

await main();
