/**
 * Verifies a Podium delivery before anything else looks at it: HMAC-SHA256 over
 * `<timestamp>.<raw body bytes>`, compared in constant time, with a timestamp window in both
 * directions. One error class, one precise reason per failure; never anything else thrown.
 *
 * Podium documents `podium-timestamp` (ms) + `podium-signature`; the seeds describe
 * `X-Podium-Signature: t=<s>,v1=<hex>[,v1=…]`. Both verify (../shared/podium-contract.md).
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
  timestampMs: number;
  scheme: 'podium' | 'seed';
  signatureHeaders: Record<string, string>;
}

export interface VerifyOptions {
  secrets: readonly string[];
  toleranceMs: number;
  now?: () => number;
}

const DIGEST_BYTES = 32;
/** Below this a timestamp is in seconds (10^11 s is the year 5138; 10^11 ms is 1973). */
const SECONDS_BELOW = 1e11;

function header(headers: SignatureHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Digits only, at most 16 of them, not zero: anything else is an invalid timestamp. */
function timestampToMs(text: string): number {
  if (!/^\d{1,16}$/.test(text) || Number(text) === 0) {
    throw new PodiumSignatureError(
      'invalid_timestamp',
      'the signature timestamp is not a Unix time',
    );
  }
  const value = Number(text);
  return value < SECONDS_BELOW ? value * 1000 : value;
}

/** Hex (either case, optional `sha256=`) or base64 of a 32-byte digest; else malformed. */
function decodeSignature(text: string): Buffer {
  const candidate = text.trim().replace(/^sha256=/i, '');
  if (/^[0-9a-f]{64}$/i.test(candidate)) return Buffer.from(candidate, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(candidate)) {
    const bytes = Buffer.from(candidate.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === DIGEST_BYTES) return bytes;
  }
  throw new PodiumSignatureError(
    'malformed_signature',
    'the signature is not a hex or base64 SHA-256 digest',
  );
}

interface SignedParts {
  scheme: VerifiedDelivery['scheme'];
  timestamp: string;
  signatures: string[];
  signatureHeaders: Record<string, string>;
}

function signedParts(headers: SignatureHeaders): SignedParts {
  const podiumSignature = header(headers, 'podium-signature');
  if (podiumSignature !== undefined) {
    const timestamp = header(headers, 'podium-timestamp');
    if (timestamp === undefined || timestamp === '') {
      throw new PodiumSignatureError('missing_timestamp', 'podium-timestamp header is missing');
    }
    return {
      scheme: 'podium',
      timestamp,
      signatures: [podiumSignature],
      signatureHeaders: { 'podium-timestamp': timestamp, 'podium-signature': podiumSignature },
    };
  }
  const seed = header(headers, 'x-podium-signature');
  if (seed === undefined) {
    throw new PodiumSignatureError('missing_signature', 'podium-signature header is missing');
  }
  const entries = seed.split(',').map((part) => part.trim().split('='));
  const timestamp = entries.find(([key]) => key === 't')?.[1];
  if (timestamp === undefined || timestamp === '') {
    throw new PodiumSignatureError('missing_timestamp', 'x-podium-signature has no t= timestamp');
  }
  // Unknown versions (v0=, v2=…) are skipped; several v1= entries allow rotation.
  const signatures = entries.filter(([key]) => key === 'v1').map(([, value]) => value ?? '');
  if (signatures.length === 0) {
    throw new PodiumSignatureError('missing_signature', 'x-podium-signature has no v1= signature');
  }
  return {
    scheme: 'seed',
    timestamp,
    signatures,
    signatureHeaders: { 'x-podium-signature': seed },
  };
}

export function verifyPodiumSignature(
  rawBody: Buffer,
  headers: SignatureHeaders,
  options: VerifyOptions,
): VerifiedDelivery {
  const parts = signedParts(headers);
  const timestampMs = timestampToMs(parts.timestamp);
  const candidates = parts.signatures.map(decodeSignature);
  // The MAC is checked before freshness, so a forger learns nothing about our clock.
  const authentic = options.secrets.some((secret) => {
    const expected = createHmac('sha256', secret)
      .update(`${parts.timestamp}.`)
      .update(rawBody)
      .digest();
    return candidates.some(
      (candidate) => candidate.length === expected.length && timingSafeEqual(candidate, expected),
    );
  });
  if (!authentic) {
    throw new PodiumSignatureError(
      'signature_mismatch',
      'the signature matches none of the webhook secrets',
    );
  }
  const skewMs = (options.now ?? Date.now)() - timestampMs;
  if (skewMs > options.toleranceMs) {
    throw new PodiumSignatureError(
      'timestamp_too_old',
      'the signature timestamp is outside the tolerance (too old)',
    );
  }
  if (skewMs < -options.toleranceMs) {
    throw new PodiumSignatureError(
      'timestamp_too_new',
      'the signature timestamp is outside the tolerance (in the future)',
    );
  }
  return { timestampMs, scheme: parts.scheme, signatureHeaders: parts.signatureHeaders };
}
