import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signPodiumDelivery, signSeedDelivery } from '../../src/signature/sign-podium-delivery';
import {
  PodiumSignatureError,
  verifyPodiumSignature,
  type SignatureFailureReason,
  type SignatureHeaders,
} from '../../src/signature/verify-podium-signature';

const SECRET = 'test-secret';
const NOW = 1_764_000_000_000;
const TOLERANCE = 5 * 60_000;
const BODY = Buffer.from(
  '{"data":{"uid":"m1"},"metadata":{"eventType":"message.received","eventUid":"e1"}}',
);
const options = { secrets: [SECRET], toleranceMs: TOLERANCE, now: () => NOW };

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

function rejection(
  body: Buffer,
  headers: SignatureHeaders,
  opts = options,
): SignatureFailureReason {
  try {
    verifyPodiumSignature(body, headers, opts);
  } catch (error) {
    if (error instanceof PodiumSignatureError) return error.reason;
    throw error;
  }
  throw new Error('expected a rejection, but the delivery verified');
}

describe('verifyPodiumSignature', () => {
  it('verifies a Podium delivery with a millisecond timestamp and keeps its headers', () => {
    const headers = signPodiumDelivery(BODY, SECRET, NOW);
    expect(verifyPodiumSignature(BODY, headers, options)).toEqual({
      timestampMs: NOW,
      scheme: 'podium',
      signatureHeaders: headers,
    });
  });

  it('understands a timestamp in seconds', () => {
    const seconds = String(NOW / 1000);
    const signature = createHmac('sha256', SECRET).update(`${seconds}.`).update(BODY).digest('hex');
    const verified = verifyPodiumSignature(
      BODY,
      { 'podium-timestamp': seconds, 'podium-signature': signature },
      options,
    );
    expect(verified.timestampMs).toBe(NOW);
  });

  it('accepts uppercase hex, a sha256= prefix and base64', () => {
    const headers = signPodiumDelivery(BODY, SECRET, NOW);
    const hex = headers['podium-signature'];
    const base64 = Buffer.from(hex, 'hex').toString('base64');
    for (const signature of [hex.toUpperCase(), `sha256=${hex}`, `SHA256=${hex}`, base64]) {
      expect(
        verifyPodiumSignature(BODY, { ...headers, 'podium-signature': signature }, options).scheme,
      ).toBe('podium');
    }
  });

  it('verifies with any of the rotated secrets', () => {
    const headers = signPodiumDelivery(BODY, 'new-secret', NOW);
    const verified = verifyPodiumSignature(BODY, headers, {
      ...options,
      secrets: ['old-secret', 'new-secret'],
    });
    expect(verified.timestampMs).toBe(NOW);
  });

  it("verifies the seeds' t=…,v1=… header, with several v1 entries and an unknown v0 skipped", () => {
    const { 'x-podium-signature': seed } = signSeedDelivery(BODY, SECRET, NOW / 1000);
    const v1 = seed.split('v1=')[1]!;
    const header = `t=${NOW / 1000}, v0=deadbeef, v1=${'0'.repeat(64)}, v1=${v1}`;
    expect(verifyPodiumSignature(BODY, { 'x-podium-signature': header }, options)).toEqual({
      timestampMs: NOW,
      scheme: 'seed',
      signatureHeaders: { 'x-podium-signature': header },
    });
  });

  it('uses the first value of a header sent twice', () => {
    const headers = signPodiumDelivery(BODY, SECRET, NOW);
    const verified = verifyPodiumSignature(
      BODY,
      {
        'podium-timestamp': [headers['podium-timestamp'], '1'],
        'podium-signature': [headers['podium-signature'], 'x'],
      },
      options,
    );
    expect(verified.timestampMs).toBe(NOW);
  });

  it('accepts a timestamp exactly at the edge of the window, both ways', () => {
    for (const at of [NOW - TOLERANCE, NOW + TOLERANCE]) {
      expect(
        verifyPodiumSignature(BODY, signPodiumDelivery(BODY, SECRET, at), options).timestampMs,
      ).toBe(at);
    }
  });

  it('rejects a body with one tampered byte', () => {
    const headers = signPodiumDelivery(BODY, SECRET, NOW);
    const tampered = Buffer.from(BODY);
    tampered[10] = tampered[10]! ^ 1;
    expect(rejection(tampered, headers)).toBe('signature_mismatch');
  });

  it('rejects the same JSON re-serialised with other whitespace', () => {
    const headers = signPodiumDelivery(BODY, SECRET, NOW);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(BODY.toString()), null, 1));
    expect(rejection(reserialised, headers)).toBe('signature_mismatch');
  });

  it('rejects a signature made with the wrong secret', () => {
    expect(rejection(BODY, signPodiumDelivery(BODY, 'wrong', NOW))).toBe('signature_mismatch');
  });

  it('rejects a delivery with no signature header (an unsigned webhook)', () => {
    expect(rejection(BODY, { 'podium-timestamp': String(NOW) })).toBe('missing_signature');
    expect(rejection(BODY, {})).toBe('missing_signature');
  });

  it('rejects a signature without its timestamp', () => {
    const { 'podium-signature': signature } = signPodiumDelivery(BODY, SECRET, NOW);
    expect(rejection(BODY, { 'podium-signature': signature })).toBe('missing_timestamp');
    expect(rejection(BODY, { 'x-podium-signature': `v1=${signature}` })).toBe('missing_timestamp');
  });

  it('rejects a timestamp six minutes old', () => {
    expect(rejection(BODY, signPodiumDelivery(BODY, SECRET, NOW - 6 * 60_000))).toBe(
      'timestamp_too_old',
    );
  });

  it('rejects a timestamp six minutes in the future', () => {
    expect(rejection(BODY, signPodiumDelivery(BODY, SECRET, NOW + 6 * 60_000))).toBe(
      'timestamp_too_new',
    );
  });

  it.each(['abc', '', '-5', '1e12', '12.5', ' 1764000000000', '0', '1'.repeat(30)])(
    'rejects the garbage timestamp %j',
    (timestamp) => {
      const signature = createHmac('sha256', SECRET)
        .update(`${timestamp}.`)
        .update(BODY)
        .digest('hex');
      const reason = rejection(BODY, {
        'podium-timestamp': timestamp,
        'podium-signature': signature,
      });
      expect(reason).toBe(timestamp === '' ? 'missing_timestamp' : 'invalid_timestamp');
    },
  );

  it.each([
    ['non-hex characters', 'g'.repeat(64)],
    ['a truncated digest', 'ab'.repeat(20)],
    ['an overlong digest', 'ab'.repeat(40)],
    ['an empty value', ''],
    ['base64 of the wrong length', Buffer.alloc(20).toString('base64')],
  ])('rejects a signature with %s as malformed', (_name, signature) => {
    expect(
      rejection(BODY, { 'podium-timestamp': String(NOW), 'podium-signature': signature }),
    ).toBe('malformed_signature');
  });

  it('never throws anything but PodiumSignatureError, whatever the headers hold', () => {
    const odd: SignatureHeaders[] = [
      { 'podium-signature': '☃'.repeat(10_000), 'podium-timestamp': String(NOW) },
      { 'x-podium-signature': ',,,=,=,t=,v1=' },
      { 'x-podium-signature': 't=1764000000' },
      { 'podium-signature': [], 'podium-timestamp': [] },
    ];
    for (const headers of odd) {
      expect(() => verifyPodiumSignature(BODY, headers, options)).toThrow(PodiumSignatureError);
    }
  });

  it('puts neither the secret nor the body in its messages', () => {
    try {
      verifyPodiumSignature(BODY, signPodiumDelivery(BODY, 'wrong', NOW), options);
    } catch (error) {
      expect(String(error)).not.toContain(SECRET);
      expect(String(error)).not.toContain('message.received');
    }
    expect.assertions(2);
  });

  describe.each(vectors)('the known-answer vector "$name" (computed with openssl)', (vector) => {
    const body = Buffer.from(vector.body, 'utf8');
    const at =
      vector.scheme === 'seed' ? Number(vector.timestamp) * 1000 : Number(vector.timestamp);
    const verifyAt = { secrets: [vector.secret], toleranceMs: TOLERANCE, now: () => at };

    it('verifies', () => {
      const headers =
        vector.scheme === 'seed'
          ? { 'x-podium-signature': `t=${vector.timestamp},v1=${vector.signature}` }
          : { 'podium-timestamp': vector.timestamp, 'podium-signature': vector.signature };
      expect(verifyPodiumSignature(body, headers, verifyAt).timestampMs).toBe(at);
    });

    it('is what the signer produces', () => {
      const signed =
        vector.scheme === 'seed'
          ? signSeedDelivery(body, vector.secret, Number(vector.timestamp))['x-podium-signature']
          : signPodiumDelivery(body, vector.secret, Number(vector.timestamp))['podium-signature'];
      expect(signed).toContain(vector.signature);
    });
  });
});
