/** `podium-webhooks simulate`: send realistic, signed Podium deliveries to a receiver. */
import { Command, InvalidArgumentError, Option } from 'commander';
import { FAMILIES, type Family } from '../simulator/podium-scenarios';
import { planDeliveries } from '../simulator/plan-deliveries';
import { percentile, simulatePodium } from '../simulator/podium-streams';
import { seededRandom } from '../simulator/random';

const number =
  (name: string, min: number, max = Number.POSITIVE_INFINITY) =>
  (text: string) => {
    const value = Number(text);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new InvalidArgumentError(
        `${name} must be a number from ${min}${max === Infinity ? '' : ` to ${max}`}`,
      );
    }
    return value;
  };

const families = (text: string): Family[] => {
  const names = text.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !FAMILIES.includes(name as Family));
  if (unknown.length)
    throw new InvalidArgumentError(
      `unknown families: ${unknown.join(', ')} (known: ${FAMILIES.join(', ')})`,
    );
  return names as Family[];
};

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description('send realistic, signed Podium deliveries to a receiver, retrying as Podium does')
    .requiredOption('--url <url>', 'the receiver, e.g. http://localhost:3000/webhooks/podium')
    .addOption(
      new Option('--secret <secret>', 'the webhook secret')
        .env('PODIUM_WEBHOOK_SECRET')
        .makeOptionMandatory(),
    )
    .option('--events <n>', 'distinct events to send', number('--events', 1), 100)
    .option('--families <list>', `event families (${FAMILIES.join(',')})`, families, [...FAMILIES])
    .option(
      '--streams <n>',
      'webhooks sending in parallel (each one event at a time)',
      number('--streams', 1, 1000),
      4,
    )
    .option(
      '--rate <perSecond>',
      'overall attempts per second (default: as fast as answers come)',
      number('--rate', 0.001),
    )
    .option(
      '--duplicates <share>',
      'share of exact redeliveries, 0 to 0.9',
      number('--duplicates', 0, 0.9),
      0,
    )
    .option('--shuffle', "shuffle each entity's events out of causal order", false)
    .option(
      '--batch-size <n>',
      'events per POST (above 1: a JSON array)',
      number('--batch-size', 1, 1000),
      1,
    )
    .option(
      '--time-scale <factor>',
      "compress Podium's ~8 h retry schedule (0.001: ~28 s)",
      number('--time-scale', 0),
      1,
    )
    .option('--seed <n>', 'repeat a run exactly', number('--seed', 0), Date.now() % 2 ** 31)
    .option('--json', 'print the summary as JSON', false)
    .action(
      async (options: {
        url: string;
        secret: string;
        events: number;
        families: Family[];
        streams: number;
        rate?: number;
        duplicates: number;
        shuffle: boolean;
        batchSize: number;
        timeScale: number;
        seed: number;
        json: boolean;
      }) => {
        const deliveries = planDeliveries({
          events: options.events,
          families: options.families,
          duplicates: options.duplicates,
          shuffle: options.shuffle,
          batchSize: options.batchSize,
          random: seededRandom(options.seed),
          startMs: Date.now(),
        });
        const result = await simulatePodium({
          url: options.url,
          secret: options.secret,
          deliveries,
          streams: options.streams,
          timeScale: options.timeScale,
          ...(options.rate ? { ratePerSecond: options.rate } : {}),
        });
        const count = (predicate: (result: string) => boolean) =>
          result.outcomes.filter((o) => predicate(o.result)).length;
        const latencies = result.attempts.map((attempt) => attempt.latencyMs);
        const summary = {
          seed: options.seed,
          deliveries: deliveries.length,
          attempts: result.attempts.length,
          accepted: count((r) => r === 'accepted'),
          duplicate: count((r) => r === 'duplicate'),
          gaveUp: count((r) => r.startsWith('gave up')),
          stalled: result.stalled,
          retried: result.attempts.filter((attempt) => attempt.attempt > 1).length,
          statuses: Object.fromEntries(
            [...new Set(result.attempts.map((a) => a.status))].map((status) => [
              status,
              result.attempts.filter((a) => a.status === status).length,
            ]),
          ),
          latencyMs: {
            p50: percentile(latencies, 50),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            max: percentile(latencies, 100),
          },
          seconds: result.durationMs / 1000,
        };
        if (options.json) console.log(JSON.stringify(summary, null, 2));
        else {
          console.log(
            `sent ${summary.deliveries} deliveries in ${summary.attempts} attempts over ${summary.seconds.toFixed(1)} s (seed ${summary.seed})`,
          );
          console.log(
            `accepted ${summary.accepted}, duplicate ${summary.duplicate}, retried ${summary.retried}, gave up ${summary.gaveUp}, stalled ${summary.stalled}`,
          );
          console.log(`statuses ${JSON.stringify(summary.statuses)}`);
          console.log(
            `latency ms p50 ${summary.latencyMs.p50.toFixed(1)} p95 ${summary.latencyMs.p95.toFixed(1)} p99 ${summary.latencyMs.p99.toFixed(1)} max ${summary.latencyMs.max.toFixed(1)}`,
          );
        }
        if (summary.gaveUp > 0) process.exitCode = 1;
      },
    );
}
