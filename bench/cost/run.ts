/**
 * `npm run bench:cost`: what one event costs the Temporal server, counted, not timed. Starts
 * its own in-memory dev server (metrics on) and a worker in this process, hands 100 simulated
 * events of every family to Temporal as the receiver does (one handler, no failures), and
 * prints per event the persistence and visibility writes (deltas of the server's counters),
 * once every event is done and again once every entity has finished, then history events and
 * billable actions (from the histories).
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import getPort from 'get-port';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandlerRegistry } from '../../activities/handler-registry';
import { loadConfig } from '../../src/config';
import { createEntityHandOff } from '../../src/receiver/entity-hand-off';
import { createEventStarter } from '../../src/receiver/start-event';
import { readDeliveries } from '../../src/receiver/read-deliveries';
import { startDevServer } from '../../src/temporal/dev-server';
import { findTemporalCli } from '../../src/temporal/find-temporal-cli';
import { connectWorker, createPodiumWorker } from '../../src/temporal/worker';
import { planDeliveries } from '../../src/simulator/plan-deliveries';
import { FAMILIES } from '../../src/simulator/podium-scenarios';
import { seededRandom } from '../../src/simulator/random';
import { emptyTally, tallyHistories, totalActions, type HistoryTally } from './history-actions';
import {
  readServerCounts,
  VISIBILITY_WRITE_OPERATIONS,
  writesBetween,
  WRITE_OPERATIONS,
  type ServerCounts,
} from './server-metrics';

const EVENTS_PER_FAMILY = Number(process.env.BENCH_COST_EVENTS_PER_FAMILY ?? 100);
const CONCURRENT_STARTS = Number(process.env.BENCH_COST_CONCURRENCY ?? 10);
/**
 * How long an entity with nothing to do waits before it finishes (1 h in production): longer
 * than the events take to be done here, so that the first count leaves every entity open, and
 * short enough that the second, once every entity has finished, comes within a minute.
 */
const ENTITY_IDLE_TIMEOUT = process.env.BENCH_COST_ENTITY_IDLE ?? '60s';

Runtime.install({ logger: new DefaultLogger('ERROR') });

function simulatedEvents() {
  const random = seededRandom(14);
  return FAMILIES.flatMap((family) =>
    planDeliveries({
      events: EVENTS_PER_FAMILY,
      families: [family],
      duplicates: 0,
      shuffle: false,
      batchSize: 1,
      random,
      startMs: Date.parse('2026-01-01T00:00:00Z'),
    }).flatMap((delivery) =>
      readDeliveries(Buffer.from(delivery.body), {
        signatureHeaders: {},
        signedAt: new Date(),
        receivedAt: new Date(),
      }),
    ),
  );
}

async function waitUntil(client: Client, query: string, done: (count: number) => boolean) {
  while (!done((await client.workflow.count(query)).count)) await sleep(500);
}

const perEvent = (n: number, events: number) => (n / events).toFixed(2);

function printTally(label: string, tally: HistoryTally, events: number) {
  const parts = Object.entries(tally.actions)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${kind} ${perEvent(n, events)}`);
  console.log(
    `  ${label}: ${tally.runs} runs, history events ${perEvent(tally.events, events)}, actions ${perEvent(totalActions(tally), events)} (${parts.join(', ')})`,
  );
}

/** Persistence writes by operation, all persistence requests, and the visibility store's writes. */
function printWrites(before: ServerCounts, after: ServerCounts, events: number) {
  const stores = (store: keyof ServerCounts) => [before[store], after[store]] as const;
  const written = (store: keyof ServerCounts, ops: readonly string[]) =>
    perEvent(writesBetween(...stores(store), ops), events);
  const say = (line: string) => console.log(`  ${line}`);
  say(`persistence writes per event: ${written('persistence', WRITE_OPERATIONS)}`);
  for (const op of WRITE_OPERATIONS) say(`  ${op}: ${written('persistence', [op])}`);
  const requests = after.persistence.total - before.persistence.total;
  say(`persistence requests per event: ${perEvent(requests, events)}`);
  say(`visibility writes per event: ${written('visibility', VISIBILITY_WRITE_OPERATIONS)}`);
  for (const op of VISIBILITY_WRITE_OPERATIONS) say(`  ${op}: ${written('visibility', [op])}`);
}

async function main() {
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('No Temporal CLI: run `npm run prestart` first');
  const metricsPort = await getPort();
  const server = await startDevServer({
    cliPath,
    dataDir: undefined,
    port: await getPort(),
    uiPort: undefined,
    namespace: 'default',
    metricsPort,
  });
  const metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
  const config = loadConfig({
    PODIUM_WEBHOOK_SECRET: 'bench-cost',
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: 'bench-cost',
    LOG_LEVEL: 'silent',
    ENTITY_IDLE_TIMEOUT,
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });
  const workerConnection = await connectWorker(config.temporal, server.address);
  const registry = new HandlerRegistry().onAny('noop', async () => Promise.resolve());
  const worker = await createPodiumWorker({
    connection: workerConnection,
    client: new Client({ connection: workerConnection }),
    config,
    registry,
  });
  const running = worker.run();
  try {
    const events = simulatedEvents();
    // As the receiver does: it plans each event and hands an ordered one to its entity.
    const handOff = createEntityHandOff({
      registry,
      handlerDefaults: config.handlers,
      client,
      taskQueue: config.temporal.taskQueue,
      ordering: config.ordering,
      onFailure: (error) => console.error('hand-off failed', error),
    });
    const starter = createEventStarter(client, config.temporal.taskQueue, 4000, handOff);
    const before = await readServerCounts(metricsUrl);
    const queue = [...events];
    await Promise.all(
      Array.from({ length: CONCURRENT_STARTS }, async () => {
        for (let event = queue.shift(); event; event = queue.shift()) await starter.start(event);
      }),
    );
    const onQueue = `TaskQueue = '${config.temporal.taskQueue}'`;
    const eventQuery = `${onQueue} AND WorkflowType = 'podiumEventWorkflow'`;
    const entityQuery = `${onQueue} AND WorkflowType = 'entityWorkflow'`;
    await handOff.drain();
    const closed = (query: string) => `${query} AND ExecutionStatus != 'Running'`;
    await waitUntil(client, closed(eventQuery), (n) => n >= events.length);
    await sleep(2000); // the entities' last workflow tasks, the visibility store's last writes
    const eventsDone = await readServerCounts(metricsUrl);
    await waitUntil(client, `${entityQuery} AND ExecutionStatus = 'Running'`, (n) => n === 0);
    await sleep(2000);
    const entitiesDone = await readServerCounts(metricsUrl);

    const eventTally = emptyTally();
    const entityTally = emptyTally();
    await tallyHistories(client, eventQuery, eventTally);
    await tallyHistories(client, entityQuery, entityTally);
    const n = events.length;
    console.log(
      `bench:cost — ${n} events (${EVENTS_PER_FAMILY} of each of ${FAMILIES.join(', ')}), one handler, no failures`,
    );
    console.log('once every event is done, its entity still open (as for an hour in production):');
    printWrites(before, eventsDone, n);
    console.log(
      `once every entity has finished too (its idle timer, last workflow task and close, after ${ENTITY_IDLE_TIMEOUT} idle here):`,
    );
    printWrites(before, entitiesDone, n);
    const total = emptyTally();
    for (const tally of [eventTally, entityTally]) {
      total.runs += tally.runs;
      total.events += tally.events;
      for (const kind of Object.keys(total.actions) as (keyof typeof total.actions)[])
        total.actions[kind] += tally.actions[kind];
    }
    console.log('from the histories, every entity finished:');
    console.log(`history events per event: ${perEvent(total.events, n)}`);
    console.log(`billable actions per event: ${perEvent(totalActions(total), n)}`);
    printTally('event workflows', eventTally, n);
    printTally('entity workflows', entityTally, n);
    printTally('all', total, n);
  } finally {
    worker.shutdown();
    await running;
    await workerConnection.close();
    await connection.close();
    await server.stop();
  }
}

await main();
