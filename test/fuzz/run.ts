/**
 * `npm run fuzz`: thousands of malformed requests and raw-socket cases against a receiver
 * (FUZZ_URL + FUZZ_SECRET, or its own stack). Prints outcomes by group, 5xx count, the
 * receiver's memory before/peak/after and a scan of its log for the secret and for markers
 * planted in rejected bodies; closes with `N passed, M failed` and exits non-zero on a
 * violation. Loopback only, bounded in count (FUZZ_CASES) and time (FUZZ_MAX_SECONDS).
 */
import {
  giantHeaderCases,
  generatedCases,
  encodingAndNestingCases,
  methodAndPathCases,
  type HttpCase,
} from './http-cases';
import { judgeHttp, judgeSlow, judgeSocket, labelOf, socketLabel, type Sent } from './judge';
import { watchMemory, type MemoryWatch } from './memory';
import { fuzzOptions, type FuzzOptions } from './options';
import { slowClients } from './slow-clients';
import { socketCases } from './socket-cases';
import { rawExchange } from './raw-exchange';
import { ownStack, type Target } from './stack';
import { Tally } from './tally';
import { sendRequest } from '../property/send-request';
import { scanLog } from './scan-log';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function sendHttp(url: string, c: HttpCase): Promise<Sent> {
  const { headers, body } = c.build();
  try {
    return {
      answer: await sendRequest(`${url}${c.path}`, body, headers, {
        method: c.method,
        timeoutMs: 20_000,
      }),
    };
  } catch (error) {
    return { error: error as Error };
  }
}

async function inPool<T>(
  items: T[],
  size: number,
  until: number,
  each: (item: T) => Promise<void>,
) {
  let next = 0;
  const lane = async () => {
    while (next < items.length && Date.now() < until) await each(items[next++]!);
  };
  await Promise.all(Array.from({ length: size }, lane));
  return next;
}

async function run(options: FuzzOptions, target: Target, tally: Tally, markers: () => string) {
  const ctx = {
    secret: target.secret,
    seed: options.seed,
    maxBodyBytes: options.maxBodyBytes,
    marker: markers,
  };
  const cases = [
    ...methodAndPathCases(ctx),
    ...giantHeaderCases(ctx),
    ...encodingAndNestingCases(ctx),
    ...generatedCases(ctx, options.cases),
  ];
  const started = Date.now();
  const sent = await inPool(
    cases,
    options.concurrency,
    started + options.maxSeconds * 1000,
    async (c) => {
      const result = await sendHttp(target.url, c);
      tally.record(c.group, labelOf(result), judgeHttp(c.expect, result), c.knownDefect);
    },
  );
  console.log(
    `HTTP: ${sent} of ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );

  const port = Number(new URL(target.url).port);
  for (const c of socketCases(target.secret, markers)) {
    const outcome = await rawExchange(port, c.plan);
    tally.record(`socket: ${c.name}`, socketLabel(outcome), judgeSocket(c.expect, outcome));
  }

  console.log(`Slow and idle clients (limit ${options.slowLimitMs / 1000} s)…`);
  const slow = await slowClients({
    port,
    url: target.url,
    secret: target.secret,
    limitMs: options.slowLimitMs,
    marker: markers,
  });
  for (const { kind, outcome } of slow.held) {
    const { label, problem } = judgeSlow(outcome, options.slowLimitMs);
    tally.record(`slow: ${kind}`, label, problem, problem === 'a 5xx' ? undefined : 4);
  }
  for (const status of slow.signedStatuses) {
    tally.record(
      'signed while held',
      status,
      status === '200' ? undefined : `a signed delivery got ${status}`,
    );
  }
}

function printMemory(memory: MemoryWatch | undefined, after: number | undefined) {
  if (!memory || after === undefined)
    return console.log('Receiver RSS: not measured (not started by this run)');
  console.log(
    `Receiver RSS: before ${memory.before} MB, peak ${memory.peak()} MB, after ${after} MB`,
  );
}

async function main() {
  const options = fuzzOptions();
  console.log(
    `Fuzz run: seed ${options.seed}, ${options.cases} generated cases, concurrency ${options.concurrency}`,
  );
  const target: Target = options.url
    ? {
        url: options.url.replace(/\/$/, ''),
        secret: options.secret,
        receiver: undefined,
        stop: async () => undefined,
      }
    : await ownStack(options.secret);
  const tally = new Tally();
  let n = 0;
  const marker = () => `fzm${options.seed}x${n++}q`;
  const memory = target.receiver ? watchMemory(target.receiver.pid) : undefined;
  let after: number | undefined;
  try {
    await run(options, target, tally, marker);
    await new Promise((resolve) => setTimeout(resolve, 5000)); // let the receiver settle
    after = memory?.stop();
  } finally {
    memory?.stop();
    await target.stop();
  }
  console.log('\nOutcomes by group:');
  const fiveXx = tally.count5xx();
  const unexpected = tally.unexpected5xx;
  tally.record(
    'no 5xx',
    `${unexpected} 5xx`,
    unexpected === 0 ? undefined : `${unexpected} answers were 5xx`,
  );
  if (target.receiver) {
    const logFile = join(tmpdir(), `podium-fuzz-receiver-${process.pid}.log`);
    writeFileSync(logFile, target.receiver.output());
    console.log(`Receiver log kept in ${logFile}`);
    scanLog(target.receiver.output(), options.secret, tally);
  }
  tally.print();
  console.log(
    `\n5xx answers: ${unexpected}${fiveXx > unexpected ? ` (and ${fiveXx - unexpected} in cases of known defects)` : ''}`,
  );
  printMemory(memory, after);
  console.log(
    `${tally.passed} passed, ${tally.failed} failed${tally.known ? `, ${tally.known} skipped` : ''}`,
  );
  process.exitCode = tally.failed > 0 ? 1 : 0;
}

await main();
