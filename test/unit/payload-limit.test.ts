import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import {
  MAX_KEEPABLE_BODY_BYTES,
  payloadBytes,
  TEMPORAL_PAYLOAD_LIMIT_BYTES,
  withinPayloadLimit,
} from '../../src/temporal/payload-limit';
import { isUsableName, usableId } from '../../src/temporal/usable-id';
import type { ReceivedEvent } from '../../workflows/shared';

const event = (body: string, batch: ReceivedEvent['batch'] = null): ReceivedEvent => ({
  eventId: 'e1',
  eventIdSource: 'podium',
  eventType: 'message.received',
  body,
  bodyEncoding: 'utf8',
  batch,
  signatureHeaders: { 'podium-timestamp': '1', 'podium-signature': 'ab' },
  signedAt: '2026-01-01T00:00:00.000Z',
  receivedAt: '2026-01-01T00:00:00.000Z',
  malformedReason: null,
});

describe('usable ids', () => {
  it('keeps printable ASCII up to 200 characters and hashes anything else, stably', () => {
    expect(usableId('3f1c-uid')).toBe('3f1c-uid');
    expect(isUsableName('contact.created')).toBe(true);
    for (const id of ['x'.repeat(201), 'with space', 'ünï', '']) {
      expect(isUsableName(id)).toBe(false);
    }
    const hashed = usableId('x'.repeat(5000));
    expect(hashed).toMatch(/^sha256-[0-9a-f]{64}$/);
    expect(usableId('x'.repeat(5000))).toBe(hashed);
    expect(usableId('y'.repeat(5000))).not.toBe(hashed);
  });
});

describe('keeping an event within one Temporal payload', () => {
  it('leaves an event that fits as it is', () => {
    const small = event('{"a":"b"}');
    expect(withinPayloadLimit(small)).toBe(small);
  });

  it('keeps a body that escapes past the limit as base64, byte for byte', () => {
    const body = `{"q":"${'\\"'.repeat(600_000)}"}`;
    const kept = withinPayloadLimit(event(body));
    expect(payloadBytes(event(body))).toBeGreaterThan(TEMPORAL_PAYLOAD_LIMIT_BYTES);
    expect(kept.bodyEncoding).toBe('base64');
    expect(Buffer.from(kept.body, 'base64').toString('utf8')).toBe(body);
    expect(payloadBytes(kept)).toBeLessThan(TEMPORAL_PAYLOAD_LIMIT_BYTES);
  });

  it('drops the delivery copy of the batch element that keeps it only when base64 alone is not enough', () => {
    const element = 'a'.repeat(900_000);
    const fits = withinPayloadLimit(
      event(element, { index: 0, deliveryBody: 'short', deliveryBodySha256: 'h' }),
    );
    expect(fits.batch?.deliveryBody).toBe('short');
    const big = withinPayloadLimit(
      event(element, {
        index: 0,
        deliveryBody: `[${'"x",'.repeat(250_000)}"x"]`,
        deliveryBodySha256: 'h',
      }),
    );
    expect(big.batch).toEqual({ index: 0, deliveryBody: null, deliveryBodySha256: 'h' });
    expect(payloadBytes(big)).toBeLessThan(TEMPORAL_PAYLOAD_LIMIT_BYTES);
  });

  it('bounds MAX_BODY_BYTES so that the largest body still fits as base64', () => {
    const largest = event(Buffer.alloc(MAX_KEEPABLE_BODY_BYTES, 0xff).toString('base64'));
    expect(payloadBytes({ ...largest, bodyEncoding: 'base64' })).toBeLessThan(
      TEMPORAL_PAYLOAD_LIMIT_BYTES,
    );
    const env = { PODIUM_WEBHOOK_SECRET: 's' };
    expect(
      loadConfig({ ...env, MAX_BODY_BYTES: String(MAX_KEEPABLE_BODY_BYTES) }).http.maxBodyBytes,
    ).toBe(MAX_KEEPABLE_BODY_BYTES);
    expect(() => loadConfig({ ...env, MAX_BODY_BYTES: String(4 * 1024 * 1024) })).toThrow(
      /MAX_BODY_BYTES/,
    );
  });
});
