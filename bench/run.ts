/**
 * `npm run bench`: measures, in one run on this machine, the receiver against its two ceilings
 * (a bare verifying route; direct workflow starts), its latency across offered rates, the
 * end-to-end completion rate, a duplicate-heavy mix, and peak memory. Prints figures; asserts
 * nothing. Writes bench/results/latest.{json,md} and latency.svg.
 *
 * BENCH_SECONDS (default 10) sets each load phase's length; BENCH_E2E_EVENTS (default 500) the
 * events per end-to-end phase; BENCH_ROUNDS (default 3) how often the two ratios' phases are
 * repeated (the median is reported: on shared cores one run swings by 10–20 %).
 * BENCH_TEMPORAL=cluster runs it against the Temporal cluster on PostgreSQL that
 * `npm run test:cluster` proves (brought up and stopped here; results in latest-cluster.*).
 */
import { Client, Connection } from '@temporalio/client';
import getPort from 'get-port';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { startCluster } from '../scripts/cluster/start-cluster';
import { startDevServer } from '../src/temporal/dev-server';
import { findTemporalCli } from '../src/temporal/find-temporal-cli';
import { FAMILIES } from '../src/simulator/podium-scenarios';
import { planDeliveries } from '../src/simulator/plan-deliveries';
import { seededRandom } from '../src/simulator/random';
import { cpuPerEvent, waitUntilQuiet } from './cpu';
import { countWhenDone } from './done-count';
import { simulatePodium } from '../src/simulator/podium-streams';
import { offerLoad, type LoadOptions, type LoadResult } from './load';
import { httpReady, startProcess, type BenchProcess } from './processes';
import { latencyChartSvg, markdownReport, median, type BenchResults } from './report';
import { acceptedToDoneSeconds } from './record-latency';
import { eventQuery } from '../src/temporal/visibility-query';
import { measureTemporalCeiling } from './temporal-ceiling';
import { measurePacedStarts, type PacedStarts } from './temporal-paced';
import { measureEmptyWorkflowFloor } from './floor/measure';

const SECRET = 'bench-secret';
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const E2E_EVENTS = Number(process.env.BENCH_E2E_EVENTS ?? 500);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/** Podium webhooks sending in parallel during the end-to-end phases. */
const E2E_STREAMS = 16;
const CONNECTIONS = 50;
const DEFAULT_HANDLER = 'default (log)';
/** The acknowledgement phases' ENTITY_HANDOFF_FALLBACK: see where their receiver starts. */
const ACK_PHASES_FALLBACK = '2h';
/** The receiver's node flags, as the image's CMD (which compose runs) and start:receiver pass them. */
const RECEIVER_NODE_ARGS = ['--max-old-space-size=1024'];
const resultsDir = new URL('./results/', import.meta.url);

const show = (name: string, l: LoadResult) =>
  console.log(
    `${name.padEnd(34)} offered ${String(l.offeredRate ?? 'max').padStart(5)}  ack/s ${l.ackRate.toFixed(1).padStart(7)}  ` +
      `p50 ${l.latencyMs.p50.toFixed(1)}  p95 ${l.latencyMs.p95.toFixed(1)}  p99 ${l.latencyMs.p99.toFixed(1)} ms  failed ${l.non2xx + l.errors + l.timeouts}`,
  );

const showPaced = (p: PacedStarts) =>
  console.log(
    `${'Temporal alone at 50% (no HTTP)'.padEnd(34)} offered ${String(p.rate).padStart(5)}  starts/s ${(p.starts / p.seconds).toFixed(1).padStart(4)}  ` +
      `p50 ${p.latencyMs.p50.toFixed(1)}  p95 ${p.latencyMs.p95.toFixed(1)}  p99 ${p.latencyMs.p99.toFixed(1)} ms  failed ${p.failed}`,
  );

const ON_CLUSTER = process.env.BENCH_TEMPORAL === 'cluster';
/** Results of a cluster run are kept beside the dev server's, not over them. */
const RESULTS_SUFFIX = ON_CLUSTER ? '-cluster' : '';

async function startEmbedded(dataDir: string) {
  const cliPath = findTemporalCli();
  if (!cliPath) throw new Error('no Temporal CLI: run `npm run bench` (it installs one)');
  return startDevServer({
    cliPath,
    dataDir,
    port: await getPort(),
    uiPort: undefined,
    namespace: 'default',
  });
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-'));
  const server = ON_CLUSTER ? await startCluster() : await startEmbedded(dataDir);
  console.log(`Temporal: ${ON_CLUSTER ? 'the cluster on PostgreSQL' : 'the embedded dev server'}`);
  const client = new Client({ connection: await Connection.connect({ address: server.address }) });
  const baseEnv = {
    PODIUM_WEBHOOK_SECRET: SECRET,
    TEMPORAL_ADDRESS: server.address,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    // As the image and the start scripts run them (see the Dockerfile).
    MALLOC_ARENA_MAX: '2',
  };
  const peak = { receiver: 0, worker: 0 };
  const track = (role: keyof typeof peak, p: BenchProcess) =>
    (peak[role] = Math.max(peak[role], p.peakRssMb()));

  /** Lets the server finish what the last phase left behind, so that it does not skew the next. */
  const settle = async () => {
    if (server.pid) await waitUntilQuiet(server.pid);
  };

  async function receiver(taskQueue: string, env: Record<string, string> = {}) {
    const port = await getPort();
    const url = `http://127.0.0.1:${port}`;
    // The bundle production runs (`npm run bench` builds it first), with the image's flags.
    const p = await startProcess(
      'dist/receiver-main.js',
      { ...baseEnv, PORT: String(port), TEMPORAL_TASK_QUEUE: taskQueue, ...env },
      () => httpReady(`${url}/readyz`),
      { nodeArgs: RECEIVER_NODE_ARGS },
    );
    return { url, process: p };
  }
  async function worker(taskQueue: string, env: Record<string, string> = {}) {
    return startProcess(
      'src/worker-main.ts',
      // The bundle the image builds (`npm run bench` builds it first): no webpack at start.
      {
        ...baseEnv,
        TEMPORAL_TASK_QUEUE: taskQueue,
        TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
        ...env,
      },
      (out) => out.includes('"msg":"worker running"'),
    );
  }

  try {
    console.log(`Each load phase ${SECONDS} s, ${CONNECTIONS} connections.\n`);
    // 1. The HTTP ceiling.
    const barePort = await getPort();
    const bare = await startProcess(
      'bench/bare-verify-server.ts',
      { PORT: String(barePort), PODIUM_WEBHOOK_SECRET: SECRET },
      () => httpReady(`http://127.0.0.1:${barePort}/healthz`),
    );
    const httpCeiling = await offerLoad({
      url: `http://127.0.0.1:${barePort}`,
      secret: SECRET,
      connections: CONNECTIONS,
      durationSec: SECONDS,
    });
    await bare.stop();
    show('HTTP ceiling (verify only)', httpCeiling);

    // End to end: Podium's traffic through a receiver and a worker of its own, until every event
    // is done. Once per round (beside that round's saturated receiver), then with forwarding.
    const sinkPort = await getPort();
    const sink = await startProcess('bench/sink-server.ts', { PORT: String(sinkPort) }, () =>
      httpReady(`http://127.0.0.1:${sinkPort}/`),
    );
    const endToEnd: BenchResults['endToEnd'] = [];
    async function runEndToEnd(handler: string, env: Record<string, string> = {}) {
      const taskQueue = `bench-e2e-${endToEnd.length}`;
      await settle();
      const w = await worker(taskQueue, env);
      // Receivers plan events with the workers' handlers: the same handler settings.
      const r = await receiver(taskQueue, env);
      // Podium's traffic, not a stream of strangers: every family, several events per entity
      // (a contact's lifecycle, a conversation's messages), each entity's in causal order.
      const plan = planDeliveries({
        events: E2E_EVENTS,
        families: FAMILIES,
        duplicates: 0,
        shuffle: false,
        batchSize: 1,
        random: seededRandom(endToEnd.length + 1),
        startMs: Date.now(),
      });
      const cpu = cpuPerEvent({ server: server.pid, worker: w.pid });
      const began = Date.now();
      // Sent as Podium sends: each webhook one delivery at a time, a non-200 retried on
      // Podium's schedule (compressed) while the webhook's later events wait.
      const sent = await simulatePodium({
        url: `${r.url}/webhooks/podium`,
        secret: SECRET,
        deliveries: plan,
        streams: E2E_STREAMS,
        timeScale: 0.001,
      });
      const accepted = sent.outcomes.filter((o) => o.result === 'accepted').length;
      const retried = sent.attempts.length - plan.length;
      const query = eventQuery({ taskQueue, status: 'done' });
      const done = await countWhenDone(client, query, accepted, began);
      const seconds = (Date.now() - began) / 1000;
      const cpuMsPerEvent = cpu(done);
      const result = {
        handler,
        events: done,
        seconds,
        completionsPerSecond: done / seconds,
        ackRate: accepted / (sent.durationMs / 1000),
        retried,
        cpuMsPerEvent,
        acceptedToDoneSeconds: await acceptedToDoneSeconds(client, taskQueue),
      };
      endToEnd.push(result);
      console.log(
        `${`end to end, ${handler}`.padEnd(34)} ${done}/${accepted} done in ${seconds.toFixed(1)} s: ${(done / seconds).toFixed(1)}/s (ack ${result.ackRate.toFixed(1)}/s, ${retried} retried); ` +
          `CPU per event: server ${cpuMsPerEvent.server.toFixed(0)} ms, worker ${cpuMsPerEvent.worker.toFixed(0)} ms; ` +
          `accepted → done p50 ${result.acceptedToDoneSeconds.p50.toFixed(1)} s, p90 ${result.acceptedToDoneSeconds.p90.toFixed(1)} s`,
      );
      track('worker', w);
      track('receiver', r.process);
      await r.process.stop();
      await w.stop();
      return result;
    }

    // The floor of the end-to-end ratio: as many empty workflows as end to end has events, one
    // per event, started directly, on a worker process of their own.
    async function runFloor(round: number) {
      const taskQueue = `bench-floor-${round}`;
      const w = await startProcess(
        'bench/floor/worker.ts',
        { ...baseEnv, TEMPORAL_TASK_QUEUE: taskQueue },
        (out) => out.includes('floor worker running'),
      );
      await settle();
      const floor = await measureEmptyWorkflowFloor(client, taskQueue, {
        events: E2E_EVENTS,
        concurrency: CONNECTIONS,
        pids: { server: server.pid, worker: w.pid },
      });
      await w.stop();
      console.log(
        `${`empty workflow per event ${round}/${ROUNDS}`.padEnd(34)} ${floor.events} done in ${floor.seconds.toFixed(1)} s: ${floor.completionsPerSecond.toFixed(1)}/s; ` +
          `CPU per event: server ${floor.cpuMsPerEvent.server.toFixed(0)} ms, worker ${floor.cpuMsPerEvent.worker.toFixed(0)} ms`,
      );
      return floor;
    }

    // The Temporal ceiling, the receiver at saturation and end to end, measured in adjacent
    // rounds so that each ratio compares figures taken under the same load from the machine's
    // neighbours (whose load moved this machine's rates by a third between runs).
    // No worker runs the acknowledgement phases' events, so no entity reports them: each would
    // wake from its start delay after ENTITY_HANDOFF_FALLBACK (1 m) and queue itself, in the
    // middle of a later phase. In production the entity's report closes it first, and the
    // fallback timer finds it closed. Longer than the whole run, the fallback leaves each phase
    // the load of its own.
    const ack = await receiver('bench-ack', { ENTITY_HANDOFF_FALLBACK: ACK_PHASES_FALLBACK });
    const loadAck = (options: Partial<LoadOptions> = {}) =>
      offerLoad({
        url: ack.url,
        secret: SECRET,
        connections: CONNECTIONS,
        durationSec: SECONDS,
        ...options,
      });
    // Warm both up (JIT, connections, heap sizing) with one unmeasured phase of the measured
    // shape: after a short warm-up the receiver's rate still rose round by round.
    await measureTemporalCeiling(client, 'bench-ceiling', CONNECTIONS, SECONDS);
    await settle();
    await loadAck();
    const rounds: BenchResults['rounds'] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      await settle();
      const ceiling = await measureTemporalCeiling(client, 'bench-ceiling', CONNECTIONS, SECONDS);
      await settle();
      const saturated = await loadAck();
      console.log(
        `${`Temporal ceiling (direct starts) ${round}/${ROUNDS}`.padEnd(34)} starts/s ${ceiling.startsPerSecond.toFixed(1)}`,
      );
      show(`receiver, saturated ${round}/${ROUNDS}`, saturated);
      const handler = ROUNDS > 1 ? `${DEFAULT_HANDLER} ${round}/${ROUNDS}` : DEFAULT_HANDLER;
      const { completionsPerSecond } = await runEndToEnd(handler);
      const floor = await runFloor(round);
      rounds.push({
        temporalCeiling: ceiling,
        saturation: saturated,
        ratio: saturated.ackRate / ceiling.startsPerSecond,
        endToEndOverAck: completionsPerSecond / saturated.ackRate,
        floor,
        floorOverAck: floor.completionsPerSecond / saturated.ackRate,
        endToEndOverFloor: completionsPerSecond / floor.completionsPerSecond,
      });
    }
    // The round with the median ratio stands for the run (its two figures are in the table).
    const ackOverTemporalCeiling = median(rounds.map((r) => r.ratio));
    const { temporalCeiling, saturation } = rounds.find((r) => r.ratio === ackOverTemporalCeiling)!;
    const sweep: LoadResult[] = [];
    let temporalAtHalfSaturation: PacedStarts | undefined;
    for (const share of [0.25, 0.5, 0.75, 1, 1.25]) {
      await settle();
      const rate = Math.max(1, Math.round(saturation.ackRate * share));
      // Paced: one connection per request a second, spread evenly (see load.ts).
      const result = await loadAck({ overallRate: rate });
      sweep.push(result);
      show(`receiver at ${share * 100}% of saturation`, result);
      if (share !== 0.5) continue;
      // The goal's point once more without HTTP: what of its latency is Temporal's.
      await settle();
      temporalAtHalfSaturation = await measurePacedStarts(client, 'bench-ack', {
        rate: result.offeredRate ?? rate,
        durationSec: SECONDS,
        fallback: ACK_PHASES_FALLBACK,
      });
      showPaced(temporalAtHalfSaturation);
    }
    await settle();
    const duplicates = await loadAck({ duplicateShare: 0.3 });
    show('receiver, 30% duplicates', duplicates);
    console.log(`${''.padEnd(34)} of which answered duplicate: ${duplicates.duplicates}`);
    track('receiver', ack.process);
    await ack.process.stop();

    await runEndToEnd('forward to local sink', {
      FORWARD_URL: `http://127.0.0.1:${sinkPort}/in`,
      FORWARD_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
    });
    await sink.stop();

    const results: BenchResults = {
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
      date: new Date().toISOString().slice(0, 10),
      httpCeiling,
      temporalCeiling,
      saturation,
      sweep,
      temporalAtHalfSaturation: temporalAtHalfSaturation!,
      duplicates,
      endToEnd,
      peakRssMb: peak,
      rounds,
      ratios: {
        ackOverTemporalCeiling,
        endToEndOverAck: median(rounds.map((r) => r.endToEndOverAck)),
        floorOverAck: median(rounds.map((r) => r.floorOverAck)),
        endToEndOverFloor: median(rounds.map((r) => r.endToEndOverFloor)),
      },
    };
    const markdown = ON_CLUSTER
      ? markdownReport(results).replace(
          'embedded Temporal dev server (SQLite, WAL)',
          'the Temporal cluster on PostgreSQL of `npm run test:cluster`',
        )
      : markdownReport(results);
    const written = [
      `latest${RESULTS_SUFFIX}.json`,
      `latest${RESULTS_SUFFIX}.md`,
      `latency${RESULTS_SUFFIX}.svg`,
    ];
    writeFileSync(new URL(written[0]!, resultsDir), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(new URL(written[1]!, resultsDir), markdown);
    writeFileSync(new URL(written[2]!, resultsDir), latencyChartSvg(sweep));
    console.log(`\n${markdown}`);
    console.log(`Written: bench/results/${written.join(', ')}`);
  } finally {
    await client.connection.close();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
