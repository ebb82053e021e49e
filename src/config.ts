/**
 * The service's configuration, read from the environment and validated once at start.
 * Nothing below this module reads `process.env`: each part gets the slice it needs.
 */
import { z } from 'zod';
import { MAX_KEEPABLE_BODY_BYTES } from './temporal/payload-limit';

/** Durations are written like Temporal's: `500ms`, `30s`, `10m`, `2h`, `14d`, or plain milliseconds. */
/** See Performance in the README: what 500 parked workflows cost with and without it. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 250;

const DURATION_UNITS_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  return Math.round(value * (DURATION_UNITS_MS[unit] ?? 1));
}

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDurationMs(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30s or 10m` });
        return z.NEVER;
      }
      return ms;
    });

const integer = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** What any client of the cluster needs (the service, and the operator CLI). */
const TemporalEnvSchema = z.object({
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('podium-webhooks'),
  TEMPORAL_TLS: flag,
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_API_KEY: optionalText,
});

const EnvSchema = TemporalEnvSchema.extend({
  PORT: integer(3000, 0, 65_535),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Podium sends unsigned deliveries for a webhook registered without a secret: refusing to
  // start without one is what keeps the receiver from ever failing open.
  PODIUM_WEBHOOK_SECRET: z
    .string({
      error: 'PODIUM_WEBHOOK_SECRET is required: the secret(s) your Podium webhook signs with',
    })
    .transform((value) =>
      value
        .split(',')
        .map((secret) => secret.trim())
        .filter(Boolean),
    )
    .refine((secrets) => secrets.length > 0, {
      message: 'PODIUM_WEBHOOK_SECRET is empty: set the secret(s) your Podium webhook signs with',
    }),
  SIGNATURE_TOLERANCE: duration('300s'),
  // Bounded by what one Temporal payload holds once the body is kept as base64.
  MAX_BODY_BYTES: integer(1024 * 1024, 1024, MAX_KEEPABLE_BODY_BYTES),
  // Podium gives up on a delivery after 5 s, headers and body included: a request still
  // arriving after that cannot be answered in time, and only holds a socket and its buffer.
  HTTP_HEADERS_TIMEOUT: duration('5s'),
  HTTP_REQUEST_TIMEOUT: duration('10s'),
  // Bodies being read at once, each buffered up to MAX_BODY_BYTES: 64 bound that to 64 MiB.
  // Podium sends each webhook's deliveries one at a time, and a body arrives in milliseconds.
  HTTP_MAX_BODIES_IN_FLIGHT: integer(64, 1, 100_000),
  REJECTION_LOG_INTERVAL: duration('60s'),

  // Podium gives up on a delivery after 5 s; the start must be answered well before that.
  TEMPORAL_START_TIMEOUT: duration('2s'),
  TEMPORAL_DATA_DIR: z.string().default('.temporal-data'),
  TEMPORAL_DEV_PORT: integer(7233, 0, 65_535),
  TEMPORAL_UI_PORT: integer(8233, 0, 65_535),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_DEV_SQLITE_SYNCHRONOUS: z.enum(['normal', 'full']).default('normal'),
  TEMPORAL_WORKFLOW_BUNDLE: optionalText,
  // The SDK's default sizes the workflow cache from the heap limit (~2,300 on a 4 GiB heap), so
  // every parked workflow stayed cached: ~430 of them took `npm start` to ~930 MB.
  WORKER_MAX_CACHED_WORKFLOWS: integer(DEFAULT_MAX_CACHED_WORKFLOWS, 2, 100_000),

  HANDLER_MAX_ATTEMPTS: integer(5, 1, 1000),
  HANDLER_RETRY_INITIAL_INTERVAL: duration('1s'),
  HANDLER_RETRY_MAX_INTERVAL: duration('5m'),
  HANDLER_TIMEOUT: duration('30s'),

  FORWARD_URL: optionalText.pipe(
    z.url({ error: 'FORWARD_URL must be an absolute URL' }).optional(),
  ),
  FORWARD_SECRET: optionalText,
  FORWARD_ALLOW_HTTP: flag,
  FORWARD_TIMEOUT: duration('10s'),

  ORDERING_HOLD_TIMEOUT: duration('10m'),
  ENTITY_IDLE_TIMEOUT: duration('1h'),
  TURN_HOLDER_CHECK_INTERVAL: duration('1m'),
  // The receiver hands an ordered event to its entity itself; the event's workflow sleeps until
  // the entity reports. Should the hand-off be lost (a receiver killed after the start), the
  // workflow wakes after this long and queues the event on its entity itself.
  ENTITY_HANDOFF_FALLBACK: duration('1m'),

  // Read by src/temporal/runtime.ts: the worker's Prometheus endpoint; 0 serves none.
  METRICS_PORT: integer(0, 0, 65_535),
});

export interface RetrySettings {
  maximumAttempts: number;
  initialIntervalMs: number;
  maximumIntervalMs: number;
  backoffCoefficient: number;
}

/** How to reach the cluster: all the operator CLI needs. */
export interface ClusterSettings {
  /** Undefined: start the embedded dev server. */
  address: string | undefined;
  namespace: string;
  tls: boolean;
  tlsCertPath: string | undefined;
  tlsKeyPath: string | undefined;
  apiKey: string | undefined;
}

export interface TemporalSettings extends ClusterSettings {
  taskQueue: string;
  startTimeoutMs: number;
  /** A workflow bundle built ahead (`npm run build:workflows`); undefined: bundle at start. */
  workflowBundlePath: string | undefined;
  dev: {
    dataDir: string;
    port: number;
    uiPort: number;
    cliPath: string | undefined;
    sqliteSynchronous: 'normal' | 'full';
  };
}

export interface ForwardingSettings {
  url: string;
  secret: string;
  allowHttp: boolean;
  timeoutMs: number;
}

export interface HttpSettings {
  port: number;
  host: string;
  maxBodyBytes: number;
  /** Bound on receiving a request's headers, then the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxBodiesInFlight: number;
  /** How often rejected requests are summarised in the log. */
  rejectionLogIntervalMs: number;
}

export interface Config {
  http: HttpSettings;
  logLevel: string;
  podium: { secrets: string[]; toleranceMs: number };
  temporal: TemporalSettings;
  worker: { maxCachedWorkflows: number };
  handlers: { retry: RetrySettings; timeoutMs: number };
  forwarding: ForwardingSettings | undefined;
  ordering: {
    holdTimeoutMs: number;
    entityIdleTimeoutMs: number;
    holderCheckIntervalMs: number;
    handOffFallbackMs: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export function isLoopbackUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith('127.');
}

function forwardingFrom(env: z.infer<typeof EnvSchema>): ForwardingSettings | undefined {
  if (!env.FORWARD_URL) return undefined;
  const url = new URL(env.FORWARD_URL);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`FORWARD_URL must be http(s), got ${url.protocol}`);
  }
  if (url.protocol === 'http:' && !isLoopbackUrl(url) && !env.FORWARD_ALLOW_HTTP) {
    throw new ConfigError(
      'FORWARD_URL must use https (plain http is allowed only for loopback, or with FORWARD_ALLOW_HTTP=true)',
    );
  }
  if (!env.FORWARD_SECRET || !/^whsec_[A-Za-z0-9+/=]+$/.test(env.FORWARD_SECRET)) {
    throw new ConfigError(
      'FORWARD_SECRET must be set to a Standard Webhooks key (whsec_ followed by base64) when FORWARD_URL is set',
    );
  }
  return {
    url: url.toString(),
    secret: env.FORWARD_SECRET,
    allowHttp: env.FORWARD_ALLOW_HTTP,
    timeoutMs: env.FORWARD_TIMEOUT,
  };
}

function clusterSettings(e: z.infer<typeof TemporalEnvSchema>): ClusterSettings {
  return {
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    tls: e.TEMPORAL_TLS || Boolean(e.TEMPORAL_API_KEY) || Boolean(e.TEMPORAL_TLS_CERT_PATH),
    tlsCertPath: e.TEMPORAL_TLS_CERT_PATH,
    tlsKeyPath: e.TEMPORAL_TLS_KEY_PATH,
    apiKey: e.TEMPORAL_API_KEY,
  };
}

function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.') || 'environment'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return parsed.data;
}

/** Only the cluster connection settings, for the operator CLI (which needs no secret). */
export function loadClusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  return clusterSettings(parseEnv(TemporalEnvSchema, env));
}

/** Reads and validates the whole configuration; throws a ConfigError that names every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(EnvSchema, env);
  if (e.HTTP_HEADERS_TIMEOUT > e.HTTP_REQUEST_TIMEOUT) {
    throw new ConfigError('HTTP_HEADERS_TIMEOUT must not exceed HTTP_REQUEST_TIMEOUT');
  }
  if (e.HTTP_HEADERS_TIMEOUT < 1 || e.HTTP_REQUEST_TIMEOUT < 1) {
    throw new ConfigError('HTTP_HEADERS_TIMEOUT and HTTP_REQUEST_TIMEOUT must be positive');
  }
  if (e.TEMPORAL_START_TIMEOUT >= 5000) {
    throw new ConfigError(
      'TEMPORAL_START_TIMEOUT must stay under Podium’s 5 s delivery timeout (default 2s)',
    );
  }
  return {
    http: {
      port: e.PORT,
      host: e.HOST,
      maxBodyBytes: e.MAX_BODY_BYTES,
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT,
      maxBodiesInFlight: e.HTTP_MAX_BODIES_IN_FLIGHT,
      rejectionLogIntervalMs: e.REJECTION_LOG_INTERVAL,
    },
    logLevel: e.LOG_LEVEL,
    podium: { secrets: e.PODIUM_WEBHOOK_SECRET, toleranceMs: e.SIGNATURE_TOLERANCE },
    temporal: {
      ...clusterSettings(e),
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      startTimeoutMs: e.TEMPORAL_START_TIMEOUT,
      workflowBundlePath: e.TEMPORAL_WORKFLOW_BUNDLE,
      dev: {
        dataDir: e.TEMPORAL_DATA_DIR,
        port: e.TEMPORAL_DEV_PORT,
        uiPort: e.TEMPORAL_UI_PORT,
        cliPath: e.TEMPORAL_CLI_PATH,
        sqliteSynchronous: e.TEMPORAL_DEV_SQLITE_SYNCHRONOUS,
      },
    },
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS },
    handlers: {
      retry: {
        maximumAttempts: e.HANDLER_MAX_ATTEMPTS,
        initialIntervalMs: e.HANDLER_RETRY_INITIAL_INTERVAL,
        maximumIntervalMs: e.HANDLER_RETRY_MAX_INTERVAL,
        backoffCoefficient: 2,
      },
      timeoutMs: e.HANDLER_TIMEOUT,
    },
    forwarding: forwardingFrom(e),
    ordering: {
      holdTimeoutMs: e.ORDERING_HOLD_TIMEOUT,
      entityIdleTimeoutMs: e.ENTITY_IDLE_TIMEOUT,
      holderCheckIntervalMs: e.TURN_HOLDER_CHECK_INTERVAL,
      handOffFallbackMs: e.ENTITY_HANDOFF_FALLBACK,
    },
  };
}
