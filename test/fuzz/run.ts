/**
 * `npm run fuzz`: thousands of malformed requests and raw-socket cases against a receiver
 * (FUZZ_URL + FUZZ_SECRET, or its own stack). Prints outcomes by group, the 5xx count, the
 * receiver's memory before/peak/after and a scan of its log for the secret and for markers
 * planted in rejected bodies; closes with `N passed, M failed` and exits non-zero on a
 * violation. Loopback only, bounded in count (FUZZ_CASES) and time (FUZZ_MAX_SECONDS).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CaseContext } from './http-case';
import { watchMemory } from './memory';
import { fuzzOptions } from './options';
import { httpPhase, slowPhase, socketPhase } from './phases';
import { scanLog } from './scan-log';
import { ownStack, type Target } from './stack';
import { Tally } from './tally';

const options = fuzzOptions();
console.log(
  `Fuzz run: seed ${options.seed}, ${options.cases} generated cases, ${options.concurrency} lanes`,
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
let markers = 0;
const ctx: CaseContext = {
  secret: target.secret,
  seed: options.seed,
  maxBodyBytes: options.maxBodyBytes,
  marker: () => `fzm${options.seed}x${markers++}q`,
};
const memory = target.receiver ? watchMemory(target.receiver.pid) : undefined;
let rssAfter: number | undefined;
try {
  await httpPhase(
    target.url,
    ctx,
    options.cases,
    options.concurrency,
    Date.now() + options.maxSeconds * 1000,
    tally,
  );
  await socketPhase(Number(new URL(target.url).port), ctx, tally);
  await slowPhase(target.url, ctx, options.slowLimitMs, tally);
  await sleep(5000); // what the receiver still holds once it is quiet
  rssAfter = memory?.stop();
} finally {
  memory?.stop();
  await target.stop();
}

const all5xx = tally.count5xx();
const unexpected = tally.unexpected5xx;
tally.record(
  'no 5xx',
  `${unexpected} outside known defects`,
  unexpected ? `${unexpected} answers were 5xx` : undefined,
);
if (target.receiver) {
  const output = target.receiver.output();
  const logFile = join(tmpdir(), `podium-fuzz-receiver-${process.pid}.log`);
  writeFileSync(logFile, output);
  console.log(`\nReceiver log kept in ${logFile}`);
  scanLog(output, options.secret, tally);
}
console.log('\nOutcomes by group:');
tally.print();
const known5xx = all5xx - unexpected;
console.log(
  `\n5xx answers: ${unexpected}${known5xx ? ` (and ${known5xx} in cases of known defects)` : ''}`,
);
console.log(
  memory && rssAfter !== undefined
    ? `Receiver RSS: before ${memory.before} MB, peak ${memory.peak()} MB, after ${rssAfter} MB`
    : 'Receiver RSS: not measured (a receiver this run did not start)',
);
console.log(
  `${tally.passed} passed, ${tally.failed} failed${tally.known ? `, ${tally.known} skipped` : ''}`,
);
process.exitCode = tally.failed > 0 ? 1 : 0;
