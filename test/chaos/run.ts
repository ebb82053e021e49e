/**
 * `npm run chaos`: the fault run. Podium's traffic (CHAOS_EVENTS events, default 2,000, with
 * redeliveries, shuffled per entity, forged and unsigned deliveries among them) against the
 * receiver, worker and Temporal dev server as separate processes, while each is SIGKILLed and
 * restarted and the forwarding sink fails some events; then the permanent faults are fixed,
 * the parked events bulk-retried with the CLI, and the promises checked. Prints figures and
 * `N passed, M failed`; exits non-zero on any failure. A script, not part of `npm test`.
 */
import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../../src/simulator/random';
import { CHECKS, type FaultRun } from './checks';
import { entityArrivals } from './entity-arrivals';
import { readEntityHistories, type EntityHistory } from './entity-histories';
import { PROCESS_KILLS, planHandlerFaults } from './fault-plan';
import { runKills } from './kills';
import { lostTasksByEvent } from './lost-tasks';
import { retryAllParked, showOpenEvents } from './operator-cli';
import { startLedgerSink, type LedgerSink } from './ledger-sink';
import { deploy, type Deployment } from './processes';
import { sampleWaiting } from './queued-together';
import { printChecks, printFigures, printWorkerWarnings } from './report';
import { planTraffic, sendTraffic, type Traffic } from './traffic';
import { listEventWorkflows, waitUntil } from './visibility';

const EVENTS = Number(process.env.CHAOS_EVENTS ?? 2000);
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
/**
 * Podium's attempts per second over all streams: about what these two cores complete, and slow
 * enough that at 300 events the traffic outlasts the five kills and restarts.
 */
const RATE = Number(process.env.CHAOS_RATE ?? 6);
const STREAMS = 8;
/** Podium's ~8 h retry schedule in ~1 minute: long enough to outlast a Temporal restart. */
const TIME_SCALE = 0.002;
const HOLD_TIMEOUT_MS = 10 * 60_000;
const SECRET = 'chaos-podium-secret';
const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

/** Podium's traffic and the attacker's, while the fault plan kills each process. */
async function trafficUnderFaults(deployment: Deployment, traffic: Traffic) {
  const progress = { share: 0, ended: false };
  const killing = runKills(deployment, PROCESS_KILLS, () => progress, log);
  const sent = await sendTraffic({
    url: `${deployment.receiverUrl}/webhooks/podium`,
    secret: SECRET,
    traffic,
    streams: STREAMS,
    ratePerSecond: RATE,
    timeScale: TIME_SCALE,
    onProgress: (share) => (progress.share = share),
  }).finally(() => (progress.ended = true));
  return { sent, kills: await killing };
}

/** Once only parked events (and those behind them) are open: fix the sink, bulk-retry them. */
async function recover(client: Client, sink: LedgerSink, temporalAddress: string) {
  log('traffic sent; waiting until only parked events and those behind them are open');
  const settled = await waitUntil(client, (c) => c.running === c.parked + c.waiting, 120_000);
  log(`settled: ${JSON.stringify(settled)}; fixing the sink, retrying the parked events`);
  const settledAt = Date.now();
  sink.fix();
  const bulkRetry = await retryAllParked(temporalAddress, 'chaos: sink fixed');
  const closed = await waitUntil(client, (c) => c.running === 0, 120_000);
  log(`after the retry: ${JSON.stringify(closed)}`);
  if (closed.running !== 0) await showOpenEvents(client, temporalAddress).catch(log);
  return { bulkRetry, settledAt };
}

/**
 * Unreadable histories leave the order check to judge by acceptance and the repeat check by the
 * kill window alone; they say for how many.
 */
async function entityHistories(client: Client): Promise<EntityHistory[]> {
  const histories = await readEntityHistories(client).catch((error: unknown) => {
    log(`entity histories not read (${String(error)}): judged without them`);
    return [];
  });
  log(`${histories.length} entity workflow histories read`);
  return histories;
}

async function main(): Promise<number> {
  const random = seededRandom(SEED);
  const traffic = planTraffic(EVENTS, random);
  const faults = planHandlerFaults(
    traffic.events.map((e) => e.eventUid),
    random,
  );
  const bodies = new Map(
    traffic.deliveries
      .filter((d) => !d.duplicate)
      .map((d) => [d.events[0]!.eventUid, Buffer.from(d.body)]),
  );
  const forwardSecret = `whsec_${randomBytes(24).toString('base64')}`;
  const sink = await startLedgerSink({ secret: forwardSecret, bodies, faults });
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-chaos-'));
  let deployment: Deployment | undefined;
  let failed = 1;
  const stopAll = async () => {
    await deployment?.stopAll();
    await sink.close();
    // A failed run keeps Temporal's SQLite file: its histories say what happened.
    if (failed === 0) rmSync(dataDir, { recursive: true, force: true });
    else
      console.log(
        `Temporal's data kept in ${dataDir} (temporal server start-dev --db-filename ${dataDir}/temporal.sqlite)`,
      );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  try {
    log(`seed ${SEED}: ${EVENTS} events, ${traffic.deliveries.length} deliveries; starting`);
    deployment = await deploy({
      dataDir,
      serviceEnv: {
        PODIUM_WEBHOOK_SECRET: SECRET,
        FORWARD_URL: sink.url,
        FORWARD_SECRET: forwardSecret,
        // A local sink answers in milliseconds: an attempt lost with a killed worker is retried
        // after 10 s instead of the default 30 s.
        HANDLER_TIMEOUT: '10s',
        ORDERING_HOLD_TIMEOUT: `${HOLD_TIMEOUT_MS}ms`,
        LOG_LEVEL: 'warn',
        MALLOC_ARENA_MAX: '2',
      },
    });
    const client = new Client({
      connection: await Connection.connect({ address: deployment.temporalAddress }),
    });
    const started = Date.now();
    const sampler = sampleWaiting(client);
    const { sent, kills } = await trafficUnderFaults(deployment, traffic);
    const sentAt = Date.now();
    const { bulkRetry, settledAt } = await recover(client, sink, deployment.temporalAddress);
    const phases = {
      traffic: sentAt - started,
      settle: settledAt - sentAt,
      recovery: Date.now() - settledAt,
    };
    const histories = await entityHistories(client);
    const run: FaultRun = {
      traffic,
      sent,
      faults,
      sink: sink.records,
      kills,
      snapshots: await sampler.stop(),
      workflows: await listEventWorkflows(client),
      bulkRetry,
      holdTimeoutMs: HOLD_TIMEOUT_MS,
      arrivals: entityArrivals(histories),
      lostTasks: lostTasksByEvent(histories),
    };
    await client.connection.close();
    printFigures(run, started, phases);
    printWorkerWarnings(deployment.workerOutput());
    failed = printChecks(CHECKS.map((check) => check(run)));
    return failed;
  } finally {
    await stopAll();
  }
}

main().then(
  (failed) => process.exit(failed > 0 ? 1 : 0),
  (error: unknown) => {
    console.error(error);
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  },
);
