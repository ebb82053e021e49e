/**
 * The fuzz run's HTTP cases, sent with node:http: the property tests' generated requests in
 * bulk, plus odd methods and paths, giant headers, compression bombs and deep nesting. Every
 * body a receiver must reject carries a marker, which must never reach its log.
 */
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { materialize, requestPlanArb } from '../property/request-plans';
import type { SentHeaders } from '../property/send-request';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';

export type Expectation = 'accept' | 'refuse' | 'either' | 'no-5xx';

export interface HttpCase {
  group: string;
  method: string;
  path: string;
  /** Built when sent, so that a signature is fresh. */
  build(): { headers: SentHeaders; body: Buffer };
  expect: Expectation;
  knownDefect?: number;
}

export interface CaseContext {
  secret: string;
  seed: number;
  maxBodyBytes: number;
  /** A fresh marker for a body the receiver must reject. */
  marker(): string;
}

const WEBHOOK = '/webhooks/podium';
const signed = (secret: string, body: Buffer, extra: SentHeaders = {}) => ({
  body,
  headers: {
    'content-type': 'application/json',
    ...extra,
    ...signPodiumDelivery(body, secret, Date.now()),
  },
});
const unsigned = (body: Buffer, extra: SentHeaders = {}) => ({ body, headers: extra });
const uniqueEvent = (i: number, extra = '') =>
  Buffer.from(
    JSON.stringify({
      data: { uid: `fuzz-${i}`, extra },
      metadata: {
        eventType: 'message.received',
        eventUid: `fuzz-${Date.now()}-${i}-${Math.random()}`,
      },
    }),
  );

/** The property tests' request plans; rejected ones carry a marker ahead of their body. */
export function generatedCases(ctx: CaseContext, count: number): HttpCase[] {
  return fc.sample(requestPlanArb, { seed: ctx.seed, numRuns: count }).map((plan) => {
    const probe = materialize(plan, ctx.secret, Date.now());
    const body = probe.authentic
      ? plan.body
      : Buffer.concat([Buffer.from(ctx.marker()), plan.body]);
    const expect: Expectation = !probe.authentic
      ? 'refuse'
      : body.length > ctx.maxBodyBytes
        ? 'refuse'
        : plan.encoding
          ? 'either'
          : 'accept';
    return {
      group: 'generated',
      method: 'POST',
      path: WEBHOOK,
      build: () => materialize({ ...plan, body }, ctx.secret, Date.now()),
      expect,
    };
  });
}

const METHODS = [
  'GET',
  'PUT',
  'DELETE',
  'PATCH',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'PURGE',
  'POST',
];
const PATHS = [
  WEBHOOK,
  `${WEBHOOK}/`,
  '/WEBHOOKS/PODIUM',
  `${WEBHOOK}?a=1&a=2`,
  '//webhooks//podium',
  '/webhooks/podium/..%2f..%2f',
  '/webhooks/%70odium',
  `/${'a'.repeat(8000)}`,
  '/healthz',
  '/nope',
  '/%00',
  '/%ff%fe',
];

export function methodAndPathCases(ctx: CaseContext): HttpCase[] {
  return METHODS.flatMap((method) =>
    PATHS.map((path) => ({
      group: 'methods-paths',
      method,
      path,
      build: () =>
        unsigned(Buffer.from(`${ctx.marker()} {}`), { 'content-type': 'application/json' }),
      // An unsigned POST to any spelling of the webhook path is refused; the rest only must not fail.
      expect: method === 'POST' && path !== '/healthz' ? 'refuse' : 'no-5xx',
    })),
  );
}

export function giantHeaderCases(ctx: CaseContext): HttpCase[] {
  const sizes = [4096, 8192, 12_000, 16_384, 17_000, 65_536, 1 << 20];
  const big = sizes.map((size): HttpCase => ({
    group: 'giant-headers',
    method: 'POST',
    path: WEBHOOK,
    build: () => unsigned(Buffer.from(ctx.marker()), { 'x-big': 'a'.repeat(size) }),
    expect: 'refuse',
  }));
  const many = [100, 1000, 3000].map((count): HttpCase => ({
    group: 'giant-headers',
    method: 'POST',
    path: WEBHOOK,
    build: () =>
      unsigned(
        Buffer.from(ctx.marker()),
        Object.fromEntries(Array.from({ length: count }, (_, i) => [`x-h${i}`, 'v'])),
      ),
    expect: 'refuse',
  }));
  const bigSignature: HttpCase = {
    group: 'giant-headers',
    method: 'POST',
    path: WEBHOOK,
    build: () =>
      unsigned(Buffer.from(ctx.marker()), {
        'podium-timestamp': String(Date.now()),
        'podium-signature': 'ab'.repeat(7000),
      }),
    expect: 'refuse',
  };
  // Under Node's 16 KiB of headers, a signed delivery with a large extra header is still Podium's.
  const signedWithBig: HttpCase = {
    group: 'giant-headers',
    method: 'POST',
    path: WEBHOOK,
    build: () => signed(ctx.secret, uniqueEvent(1), { 'x-big': 'b'.repeat(12_000) }),
    expect: 'accept',
  };
  return [...big, ...many, bigSignature, signedWithBig];
}

export function encodingAndNestingCases(ctx: CaseContext): HttpCase[] {
  const event = uniqueEvent(2);
  const bomb = gzipSync(Buffer.alloc(50 << 20)); // 50 MiB of zeros in ~50 KB
  const cases: HttpCase[] = [
    {
      group: 'encodings',
      method: 'POST',
      path: WEBHOOK,
      expect: 'refuse',
      build: () => signed(ctx.secret, bomb, { 'content-encoding': 'gzip' }),
    },
    {
      group: 'encodings',
      method: 'POST',
      path: WEBHOOK,
      expect: 'refuse',
      build: () =>
        unsigned(Buffer.concat([Buffer.from(ctx.marker()), bomb]), {
          'content-encoding': 'gzip, deflate',
        }),
    },
    {
      group: 'encodings',
      method: 'POST',
      path: WEBHOOK,
      expect: 'refuse',
      knownDefect: 6,
      build: () => ({
        body: gzipSync(event),
        headers: {
          ...signPodiumDelivery(event, ctx.secret, Date.now()),
          'content-encoding': 'GZIP',
        },
      }),
    },
  ];
  for (const depth of [5000, 20_000, 100_000]) {
    const batch = Buffer.from('['.repeat(depth) + ']'.repeat(depth));
    const inBatch = Buffer.from(`[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`);
    const single = Buffer.from(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`);
    cases.push(
      {
        group: 'deep-nesting',
        method: 'POST',
        path: WEBHOOK,
        expect: 'accept',
        knownDefect: 1,
        build: () => signed(ctx.secret, batch),
      },
      {
        group: 'deep-nesting',
        method: 'POST',
        path: WEBHOOK,
        expect: 'accept',
        knownDefect: 1,
        build: () => signed(ctx.secret, inBatch),
      },
      {
        group: 'deep-nesting',
        method: 'POST',
        path: WEBHOOK,
        expect: 'accept',
        build: () => signed(ctx.secret, single),
      },
      {
        group: 'deep-nesting',
        method: 'POST',
        path: WEBHOOK,
        expect: 'refuse',
        build: () => unsigned(Buffer.concat([Buffer.from(ctx.marker()), batch])),
      },
    );
  }
  return cases;
}
