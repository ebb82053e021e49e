/** Generators for signature properties: secrets, bodies, clocks and near-valid header values. */
import fc from 'fast-check';

/** Any secret an operator could configure: non-empty, any Unicode. */
export const secretArb = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' });

/** Bodies as bytes: Podium signs bytes, not text, so every byte value must round-trip. */
export const bodyArb = fc.uint8Array({ maxLength: 1024 }).map((bytes) => Buffer.from(bytes));
export const nonEmptyBodyArb = fc
  .uint8Array({ minLength: 1, maxLength: 1024 })
  .map((bytes) => Buffer.from(bytes));

/** A clock between 2001 and 2096, in ms: both timestamp forms stay unambiguous there. */
export const nowMsArb = fc.integer({ min: 1_000_000_000_000, max: 4_000_000_000_000 });

/** A tolerance from one second to a day. */
export const toleranceMsArb = fc.integer({ min: 1000, max: 86_400_000 });

/** A few distinct secrets and which of them signs: rotation lists any order. */
export const rotationArb = fc
  .uniqueArray(secretArb, { minLength: 1, maxLength: 4 })
  .chain((secrets) =>
    fc.record({ secrets: fc.constant(secrets), signer: fc.nat({ max: secrets.length - 1 }) }),
  );

const hexDigest = fc.stringMatching(/^[0-9a-fA-F]{64}$/);
const base64Digest = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString('base64'));
const digits = fc.stringMatching(/^\d{1,20}$/);
const junk = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ maxLength: 80, unit: 'binary' }),
  fc.constantFrom('', ' ', ',', '=', 'sha256=', 't=', 'v1=', '0', '-1', '1e12', '0x10', '١٢٣'),
);
/** A value shaped like a signature: a digest in one of the forms accepted, or not quite. */
const signatureLike = fc.oneof(
  hexDigest,
  hexDigest.map((hex) => `sha256=${hex}`),
  base64Digest,
  base64Digest.map((b64) => b64.replace(/=$/, '').replace(/\+/g, '-').replace(/\//g, '_')),
  hexDigest.map((hex) => hex.slice(1)),
  junk,
);
const timestampLike = fc.oneof(digits, nowMsArb.map(String), junk);
/** The seeds' `t=…,v1=…` header, with entries in any order, repeated, unknown or broken. */
const seedLike = fc
  .array(
    fc.oneof(
      timestampLike.map((t) => `t=${t}`),
      signatureLike.map((s) => `v1=${s}`),
      signatureLike.map((s) => `v0=${s}`),
      junk,
    ),
    { maxLength: 6 },
  )
  .map((entries) => entries.join(','));

/** A header as Node hands it over: absent, a string, or an array for a repeated header. */
const headerValue = <T>(value: fc.Arbitrary<T>) =>
  fc.oneof(value, fc.array(value, { maxLength: 3 }), fc.constant(undefined));

export const signatureHeadersArb = fc.record(
  {
    'podium-timestamp': headerValue(timestampLike),
    'podium-signature': headerValue(signatureLike),
    'x-podium-signature': headerValue(seedLike),
    'content-type': headerValue(junk),
  },
  { requiredKeys: [] },
);
