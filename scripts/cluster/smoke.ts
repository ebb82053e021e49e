/**
 * The cluster smoke (`npm run test:cluster`, after the suite): the production shape as separate
 * processes on one task queue — two receivers (the `dist/receiver-main.js` bundle) and two
 * workers (`src/worker-main.ts`, forwarding to a local sink) — against TEMPORAL_ADDRESS. A few
 * hundred simulated events of every family with redeliveries, the whole list shuffled, are
 * sent through both receivers; once the workers have queued every entity's events the sink
 * opens, and one worker is SIGKILLed when half the events have been forwarded. Then: every
 * event once (one workflow each, done, forwarded), each entity in causal order. Exits 1 if not.
 * SMOKE_EVENTS (default 300) sets the size.
 */
import { Client, Connection } from '@temporalio/client';
import getPort from 'get-port';
import { randomBytes, randomUUID } from 'node:crypto';
import { httpReady, startProcess, type BenchProcess } from '../../bench/processes';
import { simulatePodium } from '../../src/simulator/podium-streams';
import { check, report, waitUntil, type Check } from './smoke/checks';
import { allQueued, orderChecks } from './smoke/order';
import { smokePlan } from './smoke/plan';
import { startSmokeSink } from './smoke/sink';

const EVENTS = Number(process.env.SMOKE_EVENTS ?? 300);
const SECRET = 'smoke-secret';
const address = process.env.TEMPORAL_ADDRESS;
if (!address) throw new Error('smoke.ts needs TEMPORAL_ADDRESS (npm run test:cluster sets it)');

const taskQueue = `smoke-${randomUUID()}`;
const sink = await startSmokeSink();
// Receivers plan events with the workers' handlers: both get the same handler settings.
const base = {
  PODIUM_WEBHOOK_SECRET: SECRET,
  TEMPORAL_ADDRESS: address,
  LOG_LEVEL: 'info',
  FORWARD_URL: sink.url,
  FORWARD_SECRET: `whsec_${randomBytes(24).toString('base64')}`,
  // The sink holds requests 10 s while closed; a killed worker's activities retry after 40 s.
  FORWARD_TIMEOUT: '30s',
  HANDLER_TIMEOUT: '40s',
  HANDLER_MAX_ATTEMPTS: '100',
  HANDLER_RETRY_INITIAL_INTERVAL: '200ms',
  HANDLER_RETRY_MAX_INTERVAL: '2s',
};
const processes: BenchProcess[] = [];
const client = new Client({ connection: await Connection.connect({ address }) });

async function startWorker(): Promise<BenchProcess> {
  const worker = await startProcess(
    'src/worker-main.ts',
    {
      ...base,
      TEMPORAL_TASK_QUEUE: taskQueue,
      TEMPORAL_WORKFLOW_BUNDLE: 'dist/workflow-bundle.js',
    },
    (output) => output.includes('"msg":"worker running"'),
  );
  processes.push(worker);
  return worker;
}

async function startReceiver(): Promise<string> {
  const port = await getPort();
  const url = `http://127.0.0.1:${port}`;
  const receiver = await startProcess(
    'dist/receiver-main.js',
    { ...base, TEMPORAL_TASK_QUEUE: taskQueue, PORT: String(port), HOST: '127.0.0.1' },
    () => httpReady(`${url}/readyz`),
    { nodeArgs: ['--max-old-space-size=1024'] },
  );
  processes.push(receiver);
  return `${url}/webhooks/podium`;
}

const began = Date.now();
const at = () => `${((Date.now() - began) / 1000).toFixed(0)} s`;

const count = async (query: string) =>
  (await client.workflow.count(`TaskQueue = '${taskQueue}' AND ${query}`)).count;

async function run(): Promise<Check[]> {
  const plan = smokePlan(EVENTS, 13);
  const doomed = await startWorker();
  await startWorker();
  const receivers = [await startReceiver(), await startReceiver()];
  console.log(
    `smoke: ${plan.deliveries.length} deliveries of ${EVENTS} events, 2 receivers, 2 workers`,
  );
  const sent = await Promise.all(
    receivers.map((url, r) =>
      simulatePodium({
        url,
        secret: SECRET,
        deliveries: plan.deliveries.filter((_, i) => i % receivers.length === r),
        streams: 4,
        timeScale: 0.001,
      }),
    ),
  );
  const answers = sent.flatMap((s) => s.outcomes.map((o) => o.result));
  const queued = new Set<string>();
  await waitUntil(
    'every event queued at its entity',
    () => allQueued(client, plan, queued),
    300_000,
  );
  console.log(`smoke: ${at()}: every event queued at its entity; the sink opens`);
  sink.open();
  await waitUntil('half the events forwarded', () => sink.accepted.length >= EVENTS / 2, 300_000);
  process.kill(doomed.pid, 'SIGKILL');
  console.log(
    `smoke: worker ${doomed.pid} SIGKILLed at ${at()}, after ${sink.accepted.length} events`,
  );
  await waitUntil('every event forwarded', () => sink.accepted.length >= EVENTS, 300_000);
  await waitUntil(
    'visibility caught up',
    async () => (await count(`PodiumEventStatus = 'done'`)) >= EVENTS,
    60_000,
  );

  console.log(`smoke: ${at()}: every event forwarded and done`);
  const ids = [...plan.causalOrder.values()].flat();
  const forwarded = new Set(sink.accepted);
  return [
    check(
      'every delivery answered 200 (accepted or duplicate)',
      answers.length === plan.deliveries.length &&
        answers.every((a) => a === 'accepted' || a === 'duplicate'),
      `${answers.filter((a) => a === 'accepted').length} accepted, ${answers.filter((a) => a === 'duplicate').length} duplicate`,
    ),
    check(
      'one event workflow per event',
      (await count(`WorkflowType = 'podiumEventWorkflow'`)) === EVENTS,
    ),
    check('every event workflow done', (await count(`PodiumEventStatus = 'done'`)) === EVENTS),
    check(
      'every event forwarded, none twice under another id, none unknown',
      forwarded.size === EVENTS && ids.every((id) => forwarded.has(id)),
      `${sink.redelivered} forwarded again with the same webhook-id after the kill`,
    ),
    ...(await orderChecks(client, plan, sink.accepted, sink.lastAccepted())),
  ];
}

async function stopAll() {
  await Promise.all(processes.map((p) => p.stop()));
  await sink.close();
  await client.connection.close();
}
// Stopped from outside (run.sh's teardown, Ctrl-C): the receivers and workers go too.
for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const) {
  process.once(signal, () => void stopAll().finally(() => process.exit(code)));
}

let ok = false;
try {
  ok = report(await run());
} finally {
  await stopAll();
}
process.exit(ok ? 0 : 1);
