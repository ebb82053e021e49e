/** The fuzz run's options: flags, or the environment, or defaults sized for a shared 2-core machine. */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

export interface FuzzOptions {
  /** A running receiver's base URL (loopback only); unset: the run starts its own stack. */
  url: string | undefined;
  secret: string;
  cases: number;
  seed: number;
  concurrency: number;
  /** How soon a slow or idle client must be dropped. */
  slowLimitMs: number;
  maxBodyBytes: number;
  /** The run stops sending generated cases after this long. */
  maxSeconds: number;
}

export function fuzzOptions(argv = process.argv.slice(2), env = process.env): FuzzOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      secret: { type: 'string' },
      cases: { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      'slow-limit': { type: 'string' },
      'max-body-bytes': { type: 'string' },
      'max-seconds': { type: 'string' },
    },
  });
  const url = values.url ?? env.FUZZ_URL;
  if (url && !['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)) {
    throw new Error(`the fuzz run sends to loopback only, not ${url}`);
  }
  const secret = values.secret ?? env.FUZZ_SECRET;
  if (url && !secret)
    throw new Error('--url needs --secret (or FUZZ_SECRET): the receiver’s secret');
  const number = (flag: string | undefined, name: string, fallback: number) => {
    const value = Number(flag ?? env[name] ?? fallback);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number`);
    return value;
  };
  return {
    url,
    secret: secret ?? `fuzz-secret-${randomBytes(12).toString('hex')}`,
    cases: number(values.cases, 'FUZZ_CASES', 3000),
    seed: number(values.seed, 'FUZZ_SEED', 20_261_201),
    concurrency: number(values.concurrency, 'FUZZ_CONCURRENCY', 8),
    slowLimitMs: number(values['slow-limit'], 'FUZZ_SLOW_LIMIT_S', 30) * 1000,
    maxBodyBytes: number(values['max-body-bytes'], 'FUZZ_MAX_BODY_BYTES', 1_048_576),
    maxSeconds: number(values['max-seconds'], 'FUZZ_MAX_SECONDS', 600),
  };
}
