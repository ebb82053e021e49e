import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signPodiumDelivery, signSeedDelivery } from '../../src/signature/sign-podium-delivery';
import {
  PodiumSignatureError,
  verifyPodiumSignature,
  type SignatureFailureReason,
  type SignatureHeaders,
  type VerifyOptions,
} from '../../src/signature/verify-podium-signature';

const SECRET = 'test-secret';
const NOW = 1_764_000_000_000;
const NOW_SECONDS = NOW / 1000;
const TOLERANCE = 5 * 60_000;
const SIX_MINUTES = 6 * 60_000;
const BODY = Buffer.from(
  '{"data":{"uid":"m1"},"metadata":{"eventType":"message.received","eventUid":"e1","version":"2021.04.01"}}',
);
const options: VerifyOptions = { secrets: [SECRET], toleranceMs: TOLERANCE, now: () => NOW };

const REASONS: readonly SignatureFailureReason[] = [
  'missing_signature',
  'missing_timestamp',
  'invalid_timestamp',
  'timestamp_too_old',
  'timestamp_too_new',
  'malformed_signature',
  'signature_mismatch',
];

interface Vector {
  name: string;
  scheme: 'podium' | 'seed';
  secret: string;
  timestamp: string;
  body: string;
  signature: string;
}
const vectors = JSON.parse(
  readFileSync(new URL('../fixtures/signature-vectors.json', import.meta.url), 'utf8'),
) as Vector[];

/** HMAC over `<timestamp text>.<body>`, independent of the signer, for odd timestamps. */
function hexMac(timestamp: string, body: Buffer = BODY, secret = SECRET): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/** The PodiumSignatureError a delivery is refused with; fails the test if it verifies. */
function refusal(body: Buffer, headers: SignatureHeaders, opts = options): PodiumSignatureError {
  try {
    verifyPodiumSignature(body, headers, opts);
  } catch (error) {
    if (error instanceof PodiumSignatureError) return error;
    throw error;
  }
  throw new Error('expected a rejection, but the delivery verified');
}

const rejection = (body: Buffer, headers: SignatureHeaders, opts = options) =>
  refusal(body, headers, opts).reason;

const signed = (at = NOW) => signPodiumDelivery(BODY, SECRET, at);
const withSignature = (signature: string) => ({ ...signed(), 'podium-signature': signature });

describe('verifyPodiumSignature, accepting', () => {
  it('verifies a Podium delivery with a millisecond timestamp and keeps its headers', () => {
    const headers = signed();
    expect(verifyPodiumSignature(BODY, headers, options)).toEqual({
      timestampMs: NOW,
      scheme: 'podium',
      signatureHeaders: headers,
    });
  });

  it('reads a timestamp below 10^11 as seconds', () => {
    const seconds = String(NOW_SECONDS);
    const verified = verifyPodiumSignature(
      BODY,
      { 'podium-timestamp': seconds, 'podium-signature': hexMac(seconds) },
      options,
    );
    expect(verified.timestampMs).toBe(NOW);
  });

  it('accepts the signature in uppercase hex', () => {
    const hex = signed()['podium-signature'];
    expect(verifyPodiumSignature(BODY, withSignature(hex.toUpperCase()), options).timestampMs).toBe(
      NOW,
    );
  });

  it.each(['sha256=', 'SHA256=', 'Sha256='])('accepts a %s prefix', (prefix) => {
    const hex = signed()['podium-signature'];
    expect(verifyPodiumSignature(BODY, withSignature(prefix + hex), options).scheme).toBe('podium');
  });

  it.each([
    ['standard base64', 'base64'],
    ['url-safe base64 without padding', 'base64url'],
  ] as const)('accepts the digest in %s', (_name, encoding) => {
    const digest = Buffer.from(signed()['podium-signature'], 'hex').toString(encoding);
    expect(verifyPodiumSignature(BODY, withSignature(digest), options).timestampMs).toBe(NOW);
  });

  it('verifies with the second of two secrets during a rotation', () => {
    const headers = signPodiumDelivery(BODY, 'new-secret', NOW);
    const rotating = { ...options, secrets: ['old-secret', 'new-secret'] };
    expect(verifyPodiumSignature(BODY, headers, rotating).timestampMs).toBe(NOW);
  });

  it("verifies the seeds' t=…,v1=… header with several v1 entries and an unknown v0 skipped", () => {
    const header = `t=${NOW_SECONDS}, v0=deadbeef, v1=${'0'.repeat(64)}, v1=${hexMac(String(NOW_SECONDS))}`;
    expect(verifyPodiumSignature(BODY, { 'x-podium-signature': header }, options)).toEqual({
      timestampMs: NOW,
      scheme: 'seed',
      signatureHeaders: { 'x-podium-signature': header },
    });
  });

  it('verifies what signSeedDelivery produces, with whitespace around the parts', () => {
    const { 'x-podium-signature': seed } = signSeedDelivery(BODY, SECRET, NOW_SECONDS);
    const spaced = ` ${seed.replace(',', ' ,  ').replace('v1=', 'v1 = ')} `;
    expect(verifyPodiumSignature(BODY, { 'x-podium-signature': spaced }, options).scheme).toBe(
      'seed',
    );
  });

  it('skips a malformed v1 entry when another v1 entry matches', () => {
    const header = `t=${NOW_SECONDS},v1=nothex,v1=${hexMac(String(NOW_SECONDS))}`;
    expect(verifyPodiumSignature(BODY, { 'x-podium-signature': header }, options).scheme).toBe(
      'seed',
    );
  });

  it('uses the Podium form when both forms are sent, and keeps all three headers', () => {
    const headers = { ...signed(), 'x-podium-signature': `t=${NOW_SECONDS},v1=${'0'.repeat(64)}` };
    expect(verifyPodiumSignature(BODY, headers, options)).toEqual({
      timestampMs: NOW,
      scheme: 'podium',
      signatureHeaders: headers,
    });
  });

  it('uses the first value of a header sent twice', () => {
    const headers = signed();
    const verified = verifyPodiumSignature(
      BODY,
      {
        'podium-timestamp': [headers['podium-timestamp'], '1'],
        'podium-signature': [headers['podium-signature'], 'x'],
      },
      options,
    );
    expect(verified.signatureHeaders).toEqual(headers);
  });

  it.each([
    ['five minutes old', NOW - TOLERANCE],
    ['five minutes ahead', NOW + TOLERANCE],
  ])('accepts a timestamp exactly at the edge of the window (%s)', (_name, at) => {
    expect(verifyPodiumSignature(BODY, signed(at), options).timestampMs).toBe(at);
  });

  it('reads the clock from the injected now(), not the wall clock', () => {
    const longAgo = 1_620_771_659_663;
    const then = { ...options, now: () => longAgo + 1000 };
    expect(verifyPodiumSignature(BODY, signed(longAgo), then).timestampMs).toBe(longAgo);
  });
});

describe('verifyPodiumSignature, refusing', () => {
  it('rejects a body with one tampered byte', () => {
    const tampered = Buffer.from(BODY);
    tampered[10] = tampered[10]! ^ 1;
    expect(rejection(tampered, signed())).toBe('signature_mismatch');
  });

  it('rejects the same JSON re-serialised with other whitespace', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(rejection(reserialised, signed())).toBe('signature_mismatch');
  });

  it('rejects a signature made with the wrong secret', () => {
    expect(rejection(BODY, signPodiumDelivery(BODY, 'wrong', NOW))).toBe('signature_mismatch');
  });

  it('rejects a seed header whose v1 entries match no secret', () => {
    const { 'x-podium-signature': seed } = signSeedDelivery(BODY, 'wrong', NOW_SECONDS);
    expect(rejection(BODY, { 'x-podium-signature': seed })).toBe('signature_mismatch');
  });

  it('judges the Podium form when both are sent, even if the seed header would verify', () => {
    const headers = {
      ...signPodiumDelivery(BODY, 'wrong', NOW),
      ...signSeedDelivery(BODY, SECRET, NOW_SECONDS),
    };
    expect(rejection(BODY, headers)).toBe('signature_mismatch');
  });

  it('rejects a delivery with no signature header at all (an unsigned webhook)', () => {
    expect(rejection(BODY, {})).toBe('missing_signature');
  });

  it('rejects a timestamp sent without any signature', () => {
    expect(rejection(BODY, { 'podium-timestamp': String(NOW) })).toBe('missing_signature');
  });

  it('treats a header sent as an empty array as missing', () => {
    expect(rejection(BODY, { 'podium-signature': [], 'podium-timestamp': [] })).toBe(
      'missing_signature',
    );
  });

  it('rejects podium-signature without podium-timestamp', () => {
    const { 'podium-signature': signature } = signed();
    expect(rejection(BODY, { 'podium-signature': signature })).toBe('missing_timestamp');
  });

  it('rejects a seed header without t=', () => {
    expect(rejection(BODY, { 'x-podium-signature': `v1=${hexMac(String(NOW_SECONDS))}` })).toBe(
      'missing_timestamp',
    );
  });

  it('rejects a timestamp six minutes old', () => {
    expect(rejection(BODY, signed(NOW - SIX_MINUTES))).toBe('timestamp_too_old');
  });

  it('rejects a timestamp six minutes in the future', () => {
    expect(rejection(BODY, signed(NOW + SIX_MINUTES))).toBe('timestamp_too_new');
  });

  it('rejects a timestamp one millisecond beyond either edge', () => {
    expect(rejection(BODY, signed(NOW - TOLERANCE - 1))).toBe('timestamp_too_old');
    expect(rejection(BODY, signed(NOW + TOLERANCE + 1))).toBe('timestamp_too_new');
  });

  it('rejects a stale seed-variant delivery', () => {
    const stale = signSeedDelivery(BODY, SECRET, (NOW - SIX_MINUTES) / 1000);
    expect(rejection(BODY, stale)).toBe('timestamp_too_old');
  });

  it('honours the configured tolerance', () => {
    const tight = { ...options, toleranceMs: 1000 };
    expect(rejection(BODY, signed(NOW - 2000), tight)).toBe('timestamp_too_old');
  });

  it.each([
    'abc',
    '',
    '-5',
    '1e12',
    '12.5',
    '+1764000000000',
    ' 1764000000000',
    '0',
    '1'.repeat(17),
    '1'.repeat(30),
    '１７６４０００００００', // fullwidth digits
    '0x1A2B3C',
  ])('rejects the garbage timestamp %j as invalid', (timestamp) => {
    expect(
      rejection(BODY, { 'podium-timestamp': timestamp, 'podium-signature': hexMac(timestamp) }),
    ).toBe('invalid_timestamp');
  });

  it('rejects a seed header whose t= is not a Unix time', () => {
    expect(rejection(BODY, { 'x-podium-signature': `t=soon,v1=${hexMac('soon')}` })).toBe(
      'invalid_timestamp',
    );
  });

  it.each([
    ['non-hex characters', 'g'.repeat(64)],
    ['a truncated hex digest', 'ab'.repeat(20)],
    ['an overlong hex digest', 'ab'.repeat(40)],
    ['63 hex digits after sha256=', `sha256=${'a'.repeat(63)}`],
    ['an empty value', ''],
    ['base64 of 20 bytes', Buffer.alloc(20).toString('base64')],
    ['base64 of 48 bytes', Buffer.alloc(48, 0xff).toString('base64')],
    ['unicode', '☃'.repeat(64)],
  ])('rejects a signature with %s as malformed', (_name, signature) => {
    expect(rejection(BODY, withSignature(signature))).toBe('malformed_signature');
  });

  it('rejects a seed header with only unknown versions as malformed', () => {
    const header = `t=${NOW_SECONDS},v0=${hexMac(String(NOW_SECONDS))}`;
    expect(rejection(BODY, { 'x-podium-signature': header })).toBe('malformed_signature');
  });

  it('rejects a seed header whose every v1 entry is malformed', () => {
    expect(rejection(BODY, { 'x-podium-signature': `t=${NOW_SECONDS},v1=xyz,v1=` })).toBe(
      'malformed_signature',
    );
  });
});

describe('verifyPodiumSignature, check order', () => {
  it('judges the timestamp format before the signature format', () => {
    expect(rejection(BODY, { 'podium-timestamp': 'abc', 'podium-signature': 'zz' })).toBe(
      'invalid_timestamp',
    );
  });

  it('judges the MAC before freshness: a stale forgery is a mismatch, not too old', () => {
    const staleForgery = signPodiumDelivery(BODY, 'wrong', NOW - SIX_MINUTES);
    expect(rejection(BODY, staleForgery)).toBe('signature_mismatch');
  });
});

describe('verifyPodiumSignature, robustness', () => {
  it('refuses a megabyte-long header with a PodiumSignatureError', () => {
    expect(rejection(BODY, withSignature('a'.repeat(1 << 20)))).toBe('malformed_signature');
    expect(rejection(BODY, { 'x-podium-signature': ','.repeat(1 << 20) })).toBe(
      'missing_timestamp',
    );
  });

  it('throws nothing but PodiumSignatureError for thousands of random headers', () => {
    // The pool holds a valid timestamp and MAC, so a few random combinations may verify.
    let state = 42; // mulberry32: a fixed seed keeps the run reproducible
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = ['', 't', 'v1', 'v0', '=', ',', ' ', 'sha256=', '17640000', '0', 'ab', 'é'];
    const more = ['☃', '\u0000', '-', '_', '+', '/', 'Z', hexMac(String(NOW)), String(NOW)];
    const pool = [...pieces, ...more];
    const text = () =>
      Array.from(
        { length: Math.floor(random() * 8) },
        () => pool[Math.floor(random() * pool.length)],
      ).join('');
    const names = ['podium-timestamp', 'podium-signature', 'x-podium-signature'];
    const outcomes = new Set<string>();
    for (let i = 0; i < 5000; i++) {
      const headers: SignatureHeaders = {};
      for (const name of names) {
        const roll = random();
        if (roll < 0.6) headers[name] = text();
        else if (roll < 0.7) headers[name] = [text(), text()];
      }
      try {
        outcomes.add(verifyPodiumSignature(BODY, headers, options).scheme);
      } catch (error) {
        outcomes.add(error instanceof PodiumSignatureError ? error.reason : String(error));
      }
    }
    const known: readonly string[] = [...REASONS, 'podium', 'seed'];
    expect([...outcomes].filter((outcome) => !known.includes(outcome))).toEqual([]);
    // The random headers reach every parsing branch, not just the first check.
    const branches = [
      'missing_signature',
      'missing_timestamp',
      'invalid_timestamp',
      'malformed_signature',
    ];
    for (const reason of branches) expect(outcomes).toContain(reason);
  });

  it('puts neither the secret nor the body in any message', () => {
    const failures = [
      refusal(BODY, {}),
      refusal(BODY, { 'podium-signature': 'x' }),
      refusal(BODY, withSignature('zz')),
      refusal(BODY, { ...signed(), 'podium-timestamp': 'abc' }),
      refusal(BODY, signPodiumDelivery(BODY, 'wrong', NOW)),
      refusal(BODY, signed(NOW - SIX_MINUTES)),
      refusal(BODY, signed(NOW + SIX_MINUTES)),
    ];
    expect(new Set(failures.map((error) => error.reason)).size).toBe(REASONS.length);
    for (const error of failures) {
      expect(error.message).not.toBe('');
      expect(String(error)).not.toContain(SECRET);
      expect(String(error)).not.toContain('message.received');
    }
  });
});

describe.each(vectors)('the known-answer vector "$name" (computed with openssl)', (vector) => {
  const body = Buffer.from(vector.body, 'utf8');
  const at = vector.scheme === 'seed' ? Number(vector.timestamp) * 1000 : Number(vector.timestamp);
  const verifyAt = { secrets: [vector.secret], toleranceMs: TOLERANCE, now: () => at };
  const headers =
    vector.scheme === 'seed'
      ? { 'x-podium-signature': `t=${vector.timestamp},v1=${vector.signature}` }
      : { 'podium-timestamp': vector.timestamp, 'podium-signature': vector.signature };

  it('verifies', () => {
    expect(verifyPodiumSignature(body, headers, verifyAt)).toEqual({
      timestampMs: at,
      scheme: vector.scheme,
      signatureHeaders: headers,
    });
  });

  it('is exactly what the signer produces', () => {
    const produced =
      vector.scheme === 'seed'
        ? signSeedDelivery(body, vector.secret, Number(vector.timestamp))
        : signPodiumDelivery(body, vector.secret, Number(vector.timestamp));
    expect(produced).toEqual(headers);
  });

  it('fails with any other secret', () => {
    expect(rejection(body, headers, { ...verifyAt, secrets: [`${vector.secret}!`] })).toBe(
      'signature_mismatch',
    );
  });
});
