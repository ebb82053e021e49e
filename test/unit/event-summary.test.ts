/**
 * What the Web UI shows of an event before anyone opens it (issue 15): its static summary and
 * details, read from the envelope at the receiver; and `events show` naming who acted.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatEvent } from '../../src/cli/event-view';
import { staticDetailsOf, staticSummaryOf } from '../../src/receiver/event-summary';
import { freshStatusView, type EventStatusView } from '../../workflows/shared';
import { receivedEvent } from '../support/events';
import { podiumEvent } from '../support/podium-events';

describe('an event workflow’s static summary and details', () => {
  it('names the type and entity of a contact event', () => {
    const uid = randomUUID();
    const event = receivedEvent(podiumEvent('contact.updated', { uid }));
    expect(staticSummaryOf(event)).toBe(`contact.updated · contact:${uid}`);
  });

  it('names the entity of an event kept as base64', () => {
    const uid = randomUUID();
    const event = receivedEvent(podiumEvent('contact.created', { uid }));
    const kept = {
      ...event,
      body: Buffer.from(event.body).toString('base64'),
      bodyEncoding: 'base64' as const,
    };
    expect(staticSummaryOf(kept)).toBe(`contact.created · contact:${uid}`);
  });

  it('says why a malformed delivery is malformed, and never throws on bytes that are not JSON', () => {
    const event = receivedEvent(podiumEvent('contact.created'), {
      eventType: null,
      body: 'not json',
      malformedReason: 'body is not JSON',
    });
    expect(staticSummaryOf(event)).toBe('malformed · malformed: body is not JSON');
    expect(staticSummaryOf({ ...event, malformedReason: null, eventType: 'contact.created' })).toBe(
      'contact.created · no entity',
    );
  });

  it('details the event id, when it was received and signed, and its signature headers', () => {
    const event = receivedEvent(podiumEvent('contact.created'));
    const details = staticDetailsOf(event);
    expect(details).toContain(`**event id** ${event.eventId} (metadata.eventUid)`);
    expect(details).toContain(`**received at** ${event.receivedAt}`);
    expect(details).toContain('**signature** podium-signature + podium-timestamp');
  });
});

describe('events show', () => {
  it('names who acted on the event', () => {
    const view = {
      ...freshStatusView(receivedEvent(podiumEvent('contact.created'))),
      status: 'done',
      attempts: 1,
      operatorActions: [
        {
          action: 'retry',
          reason: 'CRM fixed',
          by: 'web-ui-or-unknown',
          at: '2026-01-01T00:00:00Z',
          applied: true,
          note: '',
        },
      ],
    } satisfies EventStatusView;
    expect(formatEvent('podium-event-e1', view, null)).toMatch(
      /retry\s+by web-ui-or-unknown\s+applied\s+CRM fixed/,
    );
  });
});
