/**
 * Verifies a Podium delivery before anything else looks at it: HMAC-SHA256 over
 * `<timestamp>.<raw body bytes>`, compared in constant time, with a timestamp window in both
 * directions. One error class, one precise reason per failure; nothing else is ever thrown.
 *
 * Podium documents `podium-timestamp` (ms) + `podium-signature`; the seeds describe
 * `x-podium-signature: t=<s>,v1=<hex>[,v1=…]`. Both verify; when both are sent, Podium's own
 * form wins (shared/podium-contract.md, "Signature").
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureFailureReason =
  | 'missing_signature'
  | 'missing_timestamp'
  | 'invalid_timestamp'
  | 'timestamp_too_old'
  | 'timestamp_too_new'
  | 'malformed_signature'
  | 'signature_mismatch';

/** Messages name headers and numbers only: never the secret, never the body. */
export class PodiumSignatureError extends Error {
  override name = 'PodiumSignatureError';
  constructor(
    readonly reason: SignatureFailureReason,
    message: string,
  ) {
    super(message);
  }
}

export type SignatureHeaders = Record<string, string | string[] | undefined>;

export interface VerifiedDelivery {
  /** The signed timestamp, in ms whatever unit was sent. */
  timestampMs: number;
  scheme: 'podium' | 'seed';
  /** podium-timestamp, podium-signature, x-podium-signature: those sent, exactly as sent. */
  signatureHeaders: Record<string, string>;
}

export interface VerifyOptions {
  secrets: readonly string[];
  toleranceMs: number;
  now?: () => number;
}

const SIGNATURE_HEADERS = ['podium-timestamp', 'podium-signature', 'x-podium-signature'] as const;
const DIGEST_BYTES = 32;
/** Podium sends ms (`1620771659663`); below 10^11 it is seconds (10^11 ms is 1973). */
const SECONDS_BELOW = 1e11;
const HEX_DIGEST = /^[0-9a-f]{64}$/i;
/** 43 characters (+ optional `=`) is exactly 32 bytes, in the standard or url-safe alphabet. */
const BASE64_DIGEST = /^(?:[A-Za-z0-9+/]{43}|[A-Za-z0-9_-]{43})=?$/;

const fail = (reason: SignatureFailureReason, message: string) =>
  new PodiumSignatureError(reason, message);

/**
 * Given an array, the first value is the one we judge. Node's HTTP server joins a repeated
 * header of these names into one value ("a, b"), so over HTTP a repeated podium-signature or
 * podium-timestamp is refused as malformed, and repeated x-podium-signature entries read as one list.
 */
function header(headers: SignatureHeaders, name: string): string | undefined {
  const value = headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

/** Digits only, not zero, at most 16 of them (year 318857 in ms): anything else is absurd. */
function timestampToMs(text: string): number {
  if (!/^\d{1,16}$/.test(text) || Number(text) === 0) {
    throw fail('invalid_timestamp', 'the signed timestamp is not a Unix time in s or ms');
  }
  const value = Number(text);
  return value < SECONDS_BELOW ? value * 1000 : value;
}

/** Hex (either case, optional `sha256=`) or base64 of a 32-byte digest; undefined otherwise. */
function decodeDigest(text: string): Buffer | undefined {
  const candidate = text.trim().replace(/^sha256=/i, '');
  const bytes = HEX_DIGEST.test(candidate)
    ? Buffer.from(candidate, 'hex')
    : BASE64_DIGEST.test(candidate)
      ? Buffer.from(candidate, 'base64') // Node's base64 decoder also reads the url-safe alphabet
      : undefined;
  return bytes?.length === DIGEST_BYTES ? bytes : undefined;
}

type SignedParts = Pick<VerifiedDelivery, 'scheme'> & { timestamp: string; signatures: string[] };

function signedParts(headers: SignatureHeaders): SignedParts {
  const signature = header(headers, 'podium-signature');
  if (signature !== undefined) {
    const timestamp = header(headers, 'podium-timestamp');
    if (timestamp === undefined) {
      throw fail('missing_timestamp', 'podium-signature was sent without podium-timestamp');
    }
    return { scheme: 'podium', timestamp, signatures: [signature] };
  }
  const seed = header(headers, 'x-podium-signature');
  if (seed === undefined) {
    // Podium sends a webhook registered without a secret unsigned: that must never pass.
    throw fail('missing_signature', 'neither podium-signature nor x-podium-signature was sent');
  }
  const entries = seed.split(',').map((part) => {
    const at = part.indexOf('=');
    return at < 0 ? [part.trim(), ''] : [part.slice(0, at).trim(), part.slice(at + 1).trim()];
  });
  const timestamp = entries.find(([key]) => key === 't')?.[1];
  if (timestamp === undefined) {
    throw fail('missing_timestamp', 'x-podium-signature has no t= timestamp');
  }
  // Several v1= entries may be sent (rotation); other versions (v0=, v2=) are not ours to judge.
  const signatures = entries.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  return { scheme: 'seed', timestamp, signatures };
}

export function verifyPodiumSignature(
  rawBody: Buffer,
  headers: SignatureHeaders,
  options: VerifyOptions,
): VerifiedDelivery {
  const parts = signedParts(headers);
  const timestampMs = timestampToMs(parts.timestamp);
  const candidates = parts.signatures.map(decodeDigest).filter((bytes) => bytes !== undefined);
  if (candidates.length === 0) {
    const what = parts.signatures.length === 0 ? 'carries no v1= entry' : 'is not a SHA-256 digest';
    throw fail('malformed_signature', `the signature ${what} (hex, or base64 of 32 bytes)`);
  }
  // The timestamp text exactly as sent, then the raw bytes: re-encoding either breaks the MAC.
  const authentic = options.secrets.some((secret) => {
    const expected = createHmac('sha256', secret)
      .update(`${parts.timestamp}.`)
      .update(rawBody)
      .digest();
    // timingSafeEqual throws on unequal lengths; decodeDigest already guarantees 32 bytes.
    return candidates.some((c) => c.length === expected.length && timingSafeEqual(c, expected));
  });
  if (!authentic) {
    throw fail('signature_mismatch', 'the signature matches none of the configured secrets');
  }
  // Freshness is judged after the MAC: only an authentic delivery learns about our clock and
  // window, and a logged too_old/too_new then always means a genuine Podium delivery that came
  // late or early (a replay or clock skew), never noise from a forger.
  const skewMs = (options.now ?? Date.now)() - timestampMs;
  const window = `the tolerance is ${options.toleranceMs / 1000} s`;
  if (skewMs > options.toleranceMs) {
    throw fail('timestamp_too_old', `signed ${skewMs / 1000} s ago; ${window}`);
  }
  if (-skewMs > options.toleranceMs) {
    throw fail('timestamp_too_new', `signed ${-skewMs / 1000} s in the future; ${window}`);
  }
  const signatureHeaders: Record<string, string> = {};
  for (const name of SIGNATURE_HEADERS) {
    const value = header(headers, name);
    if (value !== undefined) signatureHeaders[name] = value;
  }
  return { timestampMs, scheme: parts.scheme, signatureHeaders };
}
