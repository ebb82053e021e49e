/**
 * A generated request is a plan, signed only when it is sent: a shrunk counterexample replayed
 * minutes later must still be fresh. `authentic` is the test's own oracle: the request carries
 * a MAC made with the receiver's secret over exactly the bytes sent, at a time in the window.
 */
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { bodyArb } from './body-arbitraries';
import type { SentHeaders } from './send-request';

const ENCODINGS = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync } as const;
type Encoding = keyof typeof ENCODINGS | 'x-custom';

export interface RequestPlan {
  body: Buffer;
  signing: {
    scheme: 'podium' | 'seed';
    secret: 'right' | 'wrong';
    skewMs: number;
    tamper: 'none' | 'body' | 'signature';
  } | null;
  /** A content encoding, with the MAC over the bytes sent or over the body before encoding. */
  encoding: { name: Encoding; macOver: 'sent' | 'decoded' } | null;
  extraHeaders: SentHeaders;
}

/** Header text Node can send: tab, printable ASCII and Latin-1 (obs-text). */
const headerText = fc.string({
  maxLength: 60,
  unit: fc
    .integer({ min: 0x20, max: 0xff })
    .filter((c) => c !== 0x7f)
    .map((c) => String.fromCharCode(c)),
});
/** Names that change framing or routing are the raw-socket fuzz's business, not this one's. */
const FRAMING =
  /^(content-length|transfer-encoding|content-encoding|host|connection|expect|upgrade|te|trailer|keep-alive|podium-.*|x-podium-.*)$/;
const headerName = fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/).filter((n) => !FRAMING.test(n));
const contentType = fc.constantFrom(
  'application/json',
  'text/plain; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
  '',
  ';;;',
  'application/json, text/html',
);

const extraHeadersArb = fc
  .tuple(
    fc.dictionary(
      headerName,
      fc.oneof(headerText, fc.array(headerText, { minLength: 2, maxLength: 3 })),
      { maxKeys: 5 },
    ),
    fc.option(fc.oneof(contentType, fc.array(contentType, { minLength: 2, maxLength: 2 }))),
  )
  .map(([extra, type]) => (type === null ? extra : { ...extra, 'content-type': type }));

const TOLERANCE_MS = 300_000;
const skewArb = fc.oneof(
  { arbitrary: fc.integer({ min: -TOLERANCE_MS + 5_000, max: TOLERANCE_MS - 5_000 }), weight: 6 },
  fc.integer({ min: TOLERANCE_MS + 5_000, max: 86_400_000 }).map((ms) => (ms % 2 ? ms : -ms)),
);

export const requestPlanArb: fc.Arbitrary<RequestPlan> = fc.record({
  body: bodyArb,
  signing: fc.option(
    fc.record({
      scheme: fc.constantFrom('podium', 'seed'),
      secret: fc.constantFrom('right', 'right', 'right', 'right', 'right', 'wrong'),
      skewMs: skewArb,
      tamper: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'body', 'signature'),
    }),
    { freq: 4 },
  ),
  encoding: fc.oneof(
    { arbitrary: fc.constant(null), weight: 5 },
    fc.record({
      name: fc.constantFrom('gzip', 'deflate', 'br', 'x-custom'),
      // Signed over the bytes as sent, or over the bytes before compression (issue 12 defect 6:
      // such a body was inflated and accepted).
      macOver: fc.constantFrom('sent', 'decoded'),
    }),
  ),
  extraHeaders: extraHeadersArb,
});

const mac = (secret: string, timestamp: string, body: Buffer) =>
  createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');

export interface MaterialRequest {
  body: Buffer;
  headers: SentHeaders;
  /** The MAC sent, in lowercase hex (undefined when unsigned). */
  digest: string | undefined;
  authentic: boolean;
}

export function materialize(plan: RequestPlan, secret: string, nowMs: number): MaterialRequest {
  const encoded =
    plan.encoding && plan.encoding.name !== 'x-custom'
      ? ENCODINGS[plan.encoding.name](plan.body)
      : plan.body;
  const headers: SentHeaders = { ...plan.extraHeaders };
  if (plan.encoding) headers['content-encoding'] = plan.encoding.name;
  const { signing } = plan;
  if (!signing) return { body: encoded, headers, digest: undefined, authentic: false };
  const signedBytes = plan.encoding?.macOver === 'decoded' ? plan.body : encoded;
  const atMs = nowMs - signing.skewMs;
  const timestamp = signing.scheme === 'podium' ? String(atMs) : String(Math.trunc(atMs / 1000));
  let digest = mac(signing.secret === 'right' ? secret : `${secret}-old`, timestamp, signedBytes);
  if (signing.tamper === 'signature') digest = (digest[0] === '0' ? '1' : '0') + digest.slice(1);
  if (signing.scheme === 'podium') {
    headers['podium-timestamp'] = timestamp;
    headers['podium-signature'] = digest;
  } else {
    headers['x-podium-signature'] = `t=${timestamp},v1=${digest}`;
  }
  const sent = signing.tamper === 'body' ? Buffer.concat([encoded, Buffer.from('x')]) : encoded;
  const authentic =
    signing.secret === 'right' &&
    signing.tamper === 'none' &&
    Math.abs(signing.skewMs) < TOLERANCE_MS &&
    signedBytes === encoded;
  return { body: sent, headers, digest, authentic };
}
