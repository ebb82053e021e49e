/** Reading a verified delivery into events: pure, no Temporal. */
import { describe, expect, it } from 'vitest';
import { readDeliveries } from '../../src/receiver/read-deliveries';
import { arrayElementTexts } from '../../src/receiver/batch-elements';

const context = { signatureHeaders: {}, signedAt: new Date(0), receivedAt: new Date(0) };
const read = (body: string | Buffer) => readDeliveries(Buffer.from(body), context);

describe('the elements of a batch', () => {
  it('are the exact slices of the delivery, whatever their strings and spacing hold', () => {
    const elements = ['{"a":"],[\\"{"}', ' [1, [2]] ', '"\\\\"', '\n{"b": {"c": []}}\r\n', 'null'];
    const json = `\t[${elements.join(',')}]  `;
    expect(arrayElementTexts(json, elements.length)).toEqual(elements.map((e) => e.trim()));
    expect(arrayElementTexts('[ ]', 0)).toEqual([]);
  });

  it('refuses to guess when the slices do not match what JSON.parse read', () => {
    expect(() => arrayElementTexts('[1,2]', 3)).toThrow(/found 2 batch elements/);
  });
});

describe('readDeliveries (issue 12, findings 1 and 2)', () => {
  it('never throws on nesting deeper than JSON.stringify can recurse', () => {
    const depth = 500_000;
    const events = read(
      `[{"type":"message.received","deep":${'['.repeat(depth)}${']'.repeat(depth)}}]`,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.eventType).toBe('message.received');
    expect(events[0]!.body.length).toBe(depth * 2 + 35);
  });

  it('reads a body after its byte-order mark and keeps the mark in its bytes', () => {
    const signed = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"type":"a.b"}')]);
    const [event] = read(signed);
    expect(event!.eventType).toBe('a.b');
    expect(Buffer.from(event!.body, 'utf8').equals(signed)).toBe(true);
    const [batch] = read(Buffer.concat([signed.subarray(0, 3), Buffer.from('[{"type":"a.b"}]')]));
    expect(batch!.body).toBe('{"type":"a.b"}');
    expect(Buffer.from(batch!.batch!.deliveryBody!, 'utf8')[0]).toBe(0xef);
  });
});

describe('an empty batch', () => {
  // It was read as no events at all: nothing kept, and the route answered "duplicate".
  it('is kept as one malformed event, its bytes as signed, with a stable id', () => {
    const events = read(' [ ] ');
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event!.malformedReason).toBe('empty batch: the JSON array holds no events');
    expect(event!.body).toBe(' [ ] ');
    expect(event!.batch).toBeNull();
    expect(event!.eventId).toBe(read(' [ ] ')[0]!.eventId);
    expect(event!.eventId).toMatch(/^sha256-/);
  });
});
