/**
 * Request bodies a receiver may be sent: raw bytes, JSON and JSON-ish text, Podium envelopes
 * and batches, deep nesting, byte-order marks, and bodies around the size limit.
 */
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';

// Past ~4,100 levels a signed batch was answered 503 on every retry (issue 12 defect 1).
export const DEEPEST_NESTING = 6_000;

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** A unique event id, so that no generated event is taken for another run's. */
const eventUid = fc.oneof(
  fc.constant(null).map(() => randomUUID()),
  fc.string({ minLength: 1, maxLength: 300 }).map((s) => `${randomUUID()}${s}`),
);
const eventType = fc.oneof(
  fc.constantFrom('message.received', 'contact.created', 'review.updated', 'invoice.paid'),
  fc.string({ maxLength: 40 }),
);

export const envelopeArb = fc.record({
  data: fc.jsonValue({ maxDepth: 3 }),
  metadata: fc.record(
    { eventType, eventUid, version: fc.constant('2021.04.01') },
    { requiredKeys: [] },
  ),
});

const jsonText = fc.oneof(
  fc.json({ maxDepth: 4 }),
  envelopeArb.map((e) => JSON.stringify(e)),
  fc.array(envelopeArb, { maxLength: 4 }).map((batch) => JSON.stringify(batch)),
);

/** JSON cut short, with a byte inserted, or with its braces doubled. */
const mutatedJson = fc
  .tuple(
    jsonText,
    fc.nat(),
    fc.constantFrom('cut', 'insert', 'double'),
    fc.string({ maxLength: 3 }),
  )
  .map(([text, at, how, extra]) => {
    const i = text.length === 0 ? 0 : at % text.length;
    if (how === 'cut') return text.slice(0, i);
    if (how === 'insert') return text.slice(0, i) + extra + text.slice(i);
    return text.replace(/[{[]/g, '$&$&');
  });

const deepNesting = fc
  .tuple(fc.integer({ min: 1, max: DEEPEST_NESTING }), fc.constantFrom('array', 'object-in-batch'))
  .map(([depth, shape]) =>
    shape === 'array'
      ? '['.repeat(depth) + ']'.repeat(depth)
      : `[${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}]`,
  );

/** Sizes around the receiver's 1 MiB default limit, filled with bytes that escape badly. */
const hugeish = fc
  .tuple(
    fc.constantFrom(100_000, 1_048_000, 1_048_576, 1_048_577, 1_200_000),
    fc.constantFrom('a', '"', '\\', '\u0001', '\u00e9'),
    fc.boolean(),
  )
  .map(([size, fill, asEnvelope]) => {
    const bytes = Buffer.alloc(size, fill, 'utf8');
    return asEnvelope ? Buffer.concat([utf8('{"data":"'), bytes, utf8('"}')]) : bytes;
  });

/** Prints a body in a counterexample by its size and a short prefix, not byte by byte. */
function printable(body: Buffer): Buffer {
  const head = JSON.stringify(body.subarray(0, 60).toString('latin1'));
  return Object.defineProperty(body, fc.toStringMethod, {
    value: () => `<${body.length} bytes: ${head}${body.length > 60 ? '…' : ''}>`,
  });
}

export const bodyArb: fc.Arbitrary<Buffer> = fc
  .oneof(
    { arbitrary: fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)), weight: 3 },
    { arbitrary: jsonText.map(utf8), weight: 4 },
    { arbitrary: mutatedJson.map(utf8), weight: 2 },
    { arbitrary: jsonText.map((t) => utf8(`\ufeff${t}`)), weight: 1 },
    { arbitrary: jsonText.map((t) => Buffer.from(t, 'utf16le')), weight: 1 },
    { arbitrary: deepNesting.map(utf8), weight: 1 },
    { arbitrary: hugeish, weight: 1 },
  )
  .map(printable);
