/**
 * Properties of signature verification against tampering and noise: any single change of
 * body, timestamp or signature fails with a typed reason, and arbitrary header values throw
 * nothing but PodiumSignatureError (fast-check, fixed seed: see test/property/run-property.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signPodiumDelivery } from '../../src/signature/sign-podium-delivery';
import {
  PodiumSignatureError,
  verifyPodiumSignature,
} from '../../src/signature/verify-podium-signature';
import { checkProperty } from '../property/run-property';
import {
  bodyArb,
  nonEmptyBodyArb,
  nowMsArb,
  secretArb,
  signatureHeadersArb,
} from '../property/signature-arbitraries';
import { at, outcome, replaceAt, RUNS } from '../property/signature-outcome';

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
