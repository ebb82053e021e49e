/**
 * What the logs show (issue 15): customers' phone numbers, emails and message bodies never, by
 * default; an activity failure's message always (the SDK's metadata printed `"error":{}`).
 */
import { ApplicationFailure } from '@temporalio/common';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger';
import { readableMeta } from '../../src/temporal/runtime';

function capture(make = (stream: Writable) => createLogger('info', 'test', stream)) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: make(stream), text: () => lines.join('') };
}

describe('log redaction', () => {
  it('redacts bodies, emails and phone numbers wherever they appear', () => {
    const { logger, text } = capture();
    logger.info(
      {
        eventId: 'c1a4e1d2-5f0e-4a55-9b7e-1f2d3c4b5a69',
        receivedAt: '2026-12-01T22:15:02.123Z',
        body: '{"data":{"body":"my card is 4111"}}',
        event: { data: { body: 'call me tonight', contact: { phoneNumbers: ['+15555550100'] } } },
        detail:
          'POST https://crm.example/contacts → 422: {"email":"ada@example.com","phone":"(555) 555-0100"}',
      },
      'handler failed for ada.lovelace@example.org',
    );
    const line = text();
    for (const secret of [
      'my card',
      'call me tonight',
      '+15555550100',
      'ada@example.com',
      '(555) 555-0100',
      'ada.lovelace@example.org',
    ])
      expect(line).not.toContain(secret);
    expect(line).toContain('[redacted]');
    // What on-call needs stays: ids, times, URLs, status codes.
    expect(line).toContain('c1a4e1d2-5f0e-4a55-9b7e-1f2d3c4b5a69');
    expect(line).toContain('2026-12-01T22:15:02.123Z');
    expect(line).toContain('POST https://crm.example/contacts → 422');
  });

  it('keeps an error readable and scrubs its message', () => {
    const { logger, text } = capture();
    logger.error({ err: new Error('CRM rejected ada@example.com') }, 'failed');
    const line = JSON.parse(text()) as { err: { message: string; stack: string } };
    expect(line.err.message).toBe('CRM rejected [redacted]');
    expect(line.err.stack).toContain('Error');
  });
});

describe("the SDK's log metadata", () => {
  it('prints an activity failure with its message and cause, not {}', () => {
    // Any logger, not only the service's: the runtime hands it readable metadata.
    const { logger, text } = capture((stream) => pino({}, stream));
    const failure = ApplicationFailure.create({
      message: 'CRM answered 500',
      type: 'Error',
      cause: new Error('socket hang up'),
    });
    logger.warn(readableMeta({ activityType: 'handler:crm', error: failure }), 'Activity failed');
    const line = JSON.parse(text()) as { error: { message: string; cause?: { message: string } } };
    expect(line.error.message).toBe('CRM answered 500');
    expect(JSON.stringify(line.error)).toContain('socket hang up');
  });
});
