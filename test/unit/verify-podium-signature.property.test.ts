/**
 * Properties of signature and timestamp verification over generated secrets, bodies and
 * clocks: what is signed verifies, in either unit, inside the window and nowhere else
 * (fast-check, fixed seed: see test/property/run-property.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPodiumDelivery, signSeedDelivery } from '../../src/signature/sign-podium-delivery';
import { verifyPodiumSignature } from '../../src/signature/verify-podium-signature';
import { checkProperty } from '../property/run-property';
import {
  bodyArb,
  nowMsArb,
  rotationArb,
  secretArb,
  toleranceMsArb,
} from '../property/signature-arbitraries';
import { at, outcome, RUNS } from '../property/signature-outcome';

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
