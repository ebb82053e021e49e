/**
 * Properties of signature and timestamp verification over generated secrets, bodies, clocks
 * and header values (fast-check, fixed seed: see test/property/run-property.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPodiumDelivery, signSeedDelivery } from '../../src/signature/sign-podium-delivery';
import {
  PodiumSignatureError,
  verifyPodiumSignature,
  type SignatureHeaders,
  type VerifyOptions,
} from '../../src/signature/verify-podium-signature';
import { checkProperty } from '../property/run-property';
import {
  bodyArb,
  nonEmptyBodyArb,
  nowMsArb,
  rotationArb,
  secretArb,
  signatureHeadersArb,
  toleranceMsArb,
} from '../property/signature-arbitraries';

const RUNS = 300;

/** 'verified', or the typed reason; anything else thrown fails the property. */
function outcome(body: Buffer, headers: SignatureHeaders, options: VerifyOptions): string {
  try {
    verifyPodiumSignature(body, headers, options);
    return 'verified';
  } catch (error) {
    if (error instanceof PodiumSignatureError) return error.reason;
    throw error;
  }
}

const at = (nowMs: number, toleranceMs = 300_000) => ({ toleranceMs, now: () => nowMs });
/** Replaces the character at `index` (modulo the length) of `text`. */
const replaceAt = (text: string, index: number, char: string) => {
  const i = index % text.length;
  return text.slice(0, i) + char + text.slice(i + 1);
};

describe('signature properties: what is signed with a configured secret verifies', () => {
  it('in Podium form (ms) and the seed form (s), with any secret of a rotation list', () => {
    const skew = fc.integer({ min: -300_000, max: 300_000 });
    checkProperty(
      fc.property(rotationArb, bodyArb, nowMsArb, skew, ({ secrets, signer }, body, now, d) => {
        const secret = secrets[signer]!;
        const options = { secrets, ...at(now) };
        const podium = signPodiumDelivery(body, secret, now + d);
        expect(verifyPodiumSignature(body, podium, options)).toEqual({
          timestampMs: now + d,
          scheme: 'podium',
          signatureHeaders: podium,
        });
        const seconds = Math.trunc((now + d) / 1000);
        const seed = signSeedDelivery(body, secret, seconds);
        // The seed form is read as seconds: truncated, it may fall just outside the window.
        if (Math.abs(now - seconds * 1000) <= 300_000) {
          expect(verifyPodiumSignature(body, seed, options).timestampMs).toBe(seconds * 1000);
        }
      }),
      RUNS,
    );
  });

  it('reads a Podium timestamp below 10^11 as seconds and one above as milliseconds', () => {
    const seconds = fc.integer({ min: 1, max: 99_999_999_999 });
    checkProperty(
      fc.property(secretArb, bodyArb, seconds, (secret, body, s) => {
        const asSeconds = { ...signPodiumDelivery(body, secret, s) };
        expect(
          verifyPodiumSignature(body, asSeconds, { secrets: [secret], ...at(s * 1000) }),
        ).toHaveProperty('timestampMs', s * 1000);
        const ms = s * 1000 >= 1e11 ? s * 1000 : 1e11 + s;
        const asMs = signPodiumDelivery(body, secret, ms);
        expect(verifyPodiumSignature(body, asMs, { secrets: [secret], ...at(ms) })).toHaveProperty(
          'timestampMs',
          ms,
        );
      }),
      RUNS,
    );
  });

  it('judges the first value of a header repeated as an array', () => {
    checkProperty(
      fc.property(
        secretArb,
        bodyArb,
        nowMsArb,
        fc.array(fc.string()),
        (secret, body, now, rest) => {
          const headers = signPodiumDelivery(body, secret, now);
          const repeated = {
            'podium-timestamp': [headers['podium-timestamp'], ...rest],
            'podium-signature': [headers['podium-signature'], ...rest],
          };
          expect(outcome(body, repeated, { secrets: [secret], ...at(now) })).toBe('verified');
        },
      ),
      RUNS,
    );
  });
});

describe('signature properties: any single change fails with a typed reason', () => {
  it('a changed, added or removed body byte is a signature_mismatch', () => {
    const edit = fc.record({ at: fc.nat(), byte: fc.nat({ max: 255 }), kind: fc.nat({ max: 2 }) });
    checkProperty(
      fc.property(secretArb, nonEmptyBodyArb, nowMsArb, edit, (secret, body, now, e) => {
        const headers = signPodiumDelivery(body, secret, now);
        const i = e.at % body.length;
        const changed = Buffer.from(body);
        changed[i] = body[i] === e.byte ? (e.byte + 1) % 256 : e.byte;
        const tampered = [
          changed,
          Buffer.concat([body.subarray(0, i), Buffer.from([e.byte]), body.subarray(i)]),
          Buffer.concat([body.subarray(0, i), body.subarray(i + 1)]),
        ][e.kind]!;
        expect(outcome(tampered, headers, { secrets: [secret], ...at(now) })).toBe(
          'signature_mismatch',
        );
      }),
      RUNS,
    );
  });

  it('a changed timestamp character is invalid_timestamp, or a mismatch when still a time', () => {
    const char = fc.nat({ max: 255 }).map((code) => String.fromCharCode(code));
    checkProperty(
      fc.property(secretArb, bodyArb, nowMsArb, fc.nat(), char, (secret, body, now, i, c) => {
        const headers = signPodiumDelivery(body, secret, now);
        const timestamp = replaceAt(headers['podium-timestamp'], i, c);
        fc.pre(timestamp !== headers['podium-timestamp']);
        const stillATime = /^\d{1,16}$/.test(timestamp) && Number(timestamp) !== 0;
        const tampered = { ...headers, 'podium-timestamp': timestamp };
        // The MAC is judged before freshness, so a changed time is never too_old or too_new.
        expect(outcome(body, tampered, { secrets: [secret], ...at(now) })).toBe(
          stillATime ? 'signature_mismatch' : 'invalid_timestamp',
        );
      }),
      RUNS,
    );
  });

  it('a changed signature character is a mismatch (hex) or malformed; only its case is free', () => {
    const char = fc.nat({ max: 255 }).map((code) => String.fromCharCode(code));
    checkProperty(
      fc.property(secretArb, bodyArb, nowMsArb, fc.nat(), char, (secret, body, now, i, c) => {
        const headers = signPodiumDelivery(body, secret, now);
        const signature = replaceAt(headers['podium-signature'], i, c);
        fc.pre(signature !== headers['podium-signature']);
        const expected =
          signature.toLowerCase() === headers['podium-signature']
            ? 'verified' // hex is read in either case
            : /^[0-9a-f]{64}$/i.test(signature)
              ? 'signature_mismatch'
              : 'malformed_signature';
        const tampered = { ...headers, 'podium-signature': signature };
        expect(outcome(body, tampered, { secrets: [secret], ...at(now) })).toBe(expected);
      }),
      RUNS,
    );
  });
});

describe('signature properties: the timestamp window, with an injected clock', () => {
  it('verifies inside the tolerance and names the side outside it, in ms and in s', () => {
    // Skews anywhere in three tolerances either way, and exactly on and just past each edge.
    const window = toleranceMsArb.chain((t) =>
      fc.record({
        t: fc.constant(t),
        skew: fc.oneof(
          fc.integer({ min: -3 * t, max: 3 * t }),
          fc.constantFrom(t, -t, t + 1, -t - 1),
        ),
      }),
    );
    checkProperty(
      fc.property(secretArb, bodyArb, nowMsArb, window, (s, b, now, { t, skew }) => {
        const expected = (d: number) =>
          d > t ? 'timestamp_too_old' : -d > t ? 'timestamp_too_new' : 'verified';
        const options = { secrets: [s], ...at(now, t) };
        const signedAt = now - skew;
        expect(outcome(b, signPodiumDelivery(b, s, signedAt), options)).toBe(expected(skew));
        const seconds = Math.trunc(signedAt / 1000);
        expect(outcome(b, signSeedDelivery(b, s, seconds), options)).toBe(
          expected(now - seconds * 1000),
        );
      }),
      RUNS,
    );
  });

  it('calls a forgery a signature_mismatch however far its timestamp is', () => {
    const skew = fc.integer({ min: -86_400_000, max: 86_400_000 });
    checkProperty(
      fc.property(secretArb, secretArb, bodyArb, nowMsArb, skew, (secret, other, body, now, d) => {
        fc.pre(secret !== other);
        const forged = signPodiumDelivery(body, other, now + d);
        expect(outcome(body, forged, { secrets: [secret], ...at(now) })).toBe('signature_mismatch');
      }),
      RUNS,
    );
  });
});

describe('signature properties: arbitrary header values', () => {
  it('throw nothing but PodiumSignatureError, never verify, never echo the secret', () => {
    checkProperty(
      fc.property(secretArb, bodyArb, nowMsArb, signatureHeadersArb, (s, body, now, h) => {
        const secret = `marker-${s}`; // distinctive, so that finding it in a message means something
        try {
          verifyPodiumSignature(body, h, { secrets: [secret], ...at(now) });
          expect.unreachable('headers made without the secret verified');
        } catch (error) {
          expect(error).toBeInstanceOf(PodiumSignatureError);
          expect((error as Error).message).not.toContain(secret);
        }
      }),
      RUNS * 3,
    );
  });
});
